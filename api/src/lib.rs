//! SkySlots HTTP API (issue 2/4 fills this in): poem + poem-openapi and the `skyslots` binary.
