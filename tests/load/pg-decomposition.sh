#!/usr/bin/env bash
# What a booking costs PostgreSQL alone, statement by statement, with no service in the way.
#
# pgbench (prepared statements, 32 clients, 2 threads) runs, against the service's own schema,
#   inserts  - the three inserts of a booking in one transaction (the load harness's baseline)
#   +lock    - the same, after the service's locking read of the link and its hosts
#   service  - every statement the service sends for a booking: lock, schedules, busy time, inserts
#   minimal  - the least any design could send: one locking read of the host with its busy
#              time aggregated, then the inserts (no link or schedule read at all)
# and the same with the inserts pipelined. Each client books its own host, so there is no
# lock waiting: the numbers are database CPU per booking, on the machine's cores.
#
# Usage: tests/load/pg-decomposition.sh [seconds per run, default 8]
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres) and pgbench (Debian: postgresql-client).
set -euo pipefail
secs=${1:-8}
here=$(cd "$(dirname "$0")" && pwd)
db=skyslots_pg_decomposition
export PGOPTIONS="-c client_min_messages=warning"
psql=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
work=$(mktemp -d)
trap 'rm -rf "$work"; "${psql[@]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

"${psql[@]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
"${psql[@]}" -d "$db" -f "$here"/../../migrations/postgres/*/up.sql
"${psql[@]}" -d "$db" <<'SQL'
INSERT INTO organizations VALUES ('org1', 'Load', 0);
INSERT INTO schedules VALUES ('sch1', 'org1', 'Always', 'UTC',
  '[{"weekday":"monday","start":"00:00","end":"24:00"}]', '[]', '[]', 0, 0);
INSERT INTO hosts SELECT 'hst' || g, 'org1', 'Host', 'h@example.com', 'UTC', 'sch1', 0, 0, 0
  FROM generate_series(1, 50) g;
INSERT INTO links (id, organization_id, slug, title, durations, buffer_before, buffer_after,
  min_notice, capacity, assignment, questions, requires_confirmation, policy, metadata, active,
  created_at, updated_at)
  SELECT 'lnk' || g, 'org1', 'load-' || g, 'Load', '[15]', 0, 0, 0, 1, 'single', '[]', false,
    '{}', '{}', true, 0, 0 FROM generate_series(1, 50) g;
INSERT INTO link_hosts SELECT 'lnk' || g, 'hst' || g, 0 FROM generate_series(1, 50) g;
SQL

head='\set i random(1, 9000000000000000)
\set h :client_id + 1
\set s 4000000000 + 900 * random(0, 5760)'
lock="SELECT links.*, hosts.id, hosts.timezone, link_hosts.position, hosts.schedule_id FROM links INNER JOIN (link_hosts INNER JOIN hosts ON link_hosts.host_id = hosts.id) ON link_hosts.link_id = links.id WHERE links.organization_id = 'org1' AND links.id = 'lnk' || :h ORDER BY hosts.id ASC FOR UPDATE;"
schedules="SELECT id, timezone, weekly_rules, date_overrides, holidays FROM schedules WHERE id = ANY(ARRAY['sch1']);"
busy="SELECT busy_blocks.host_id, busy_blocks.start_at, busy_blocks.end_at, '', 0, 0, 0 FROM busy_blocks WHERE busy_blocks.host_id = ANY(ARRAY['hst' || :h]) AND busy_blocks.start_at < :s::bigint + 260000 AND busy_blocks.end_at > :s::bigint - 260000 UNION ALL SELECT booking_hosts.host_id, booking_hosts.start_at, booking_hosts.end_at, booking_hosts.link_id, booking_hosts.seats, links.buffer_before, links.buffer_after FROM booking_hosts INNER JOIN links ON booking_hosts.link_id = links.id WHERE booking_hosts.host_id = ANY(ARRAY['hst' || :h]) AND booking_hosts.holds_time = true AND booking_hosts.start_at < :s::bigint + 260000 AND booking_hosts.start_at > :s::bigint - 346400 AND booking_hosts.end_at > :s::bigint - 260000 AND booking_hosts.booking_id <> '';"
minimal="SELECT h.id, (SELECT json_agg(json_build_array(b.start_at, b.end_at, b.link_id, b.seats)) FROM booking_hosts b WHERE b.host_id = h.id AND b.holds_time AND b.start_at < :s::bigint + 260000 AND b.start_at > :s::bigint - 346400 AND b.end_at > :s::bigint - 260000) FROM hosts h WHERE h.id = 'hst' || :h FOR UPDATE;"
inserts="INSERT INTO bookings (id, organization_id, link_id, start_at, end_at, seats, status, attendee_name, attendee_email, attendee_timezone, answers, metadata, ical_uid, ical_sequence, created_at, updated_at) VALUES ('bkg' || :i, 'org1', 'lnk' || :h, :s::bigint, :s::bigint + 900, 1, 'confirmed', 'Load', 'load@example.com', 'UTC', '{}', '{}', 'x@skyslots', 0, 0, 0);
INSERT INTO booking_hosts (booking_id, host_id, link_id, start_at, end_at, seats, holds_time) VALUES ('bkg' || :i, 'hst' || :h, 'lnk' || :h, :s::bigint, :s::bigint + 900, 1, true);
INSERT INTO outbox (id, organization_id, event_type, payload, created_at) VALUES ('evt' || :i, 'org1', 'booking.created', '{\"type\":\"booking.created\",\"data\":{\"id\":\"bkg_01jabcdefghjkmnpqrstvwxyz0\",\"status\":\"confirmed\",\"attendee\":{\"name\":\"Load 1\",\"email\":\"load1@example.com\",\"timezone\":\"UTC\"}}}', 0);"
pipelined=$'\\startpipeline\n'"$inserts"$'\n\\endpipeline'

variant() { # name, statements before the inserts, inserts
  printf '%s\nBEGIN;\n%s\n%s\nCOMMIT;\n' "$head" "$2" "$3" | sed '/^$/d' >"$work/$1.sql"
}
variant inserts "" "$inserts"
variant lock "$lock" "$inserts"
variant service "$lock
$schedules
$busy" "$inserts"
variant minimal "$minimal" "$inserts"
variant inserts-pipelined "" "$pipelined"
variant service-pipelined "$lock
$schedules
$busy" "$pipelined"

printf '| variant | transactions/s | of inserts alone |\n|---|---:|---:|\n'
base=
for v in inserts lock service minimal inserts-pipelined service-pipelined; do
  "${psql[@]}" -d "$db" -c "TRUNCATE bookings, booking_hosts, outbox" -c CHECKPOINT
  tps=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 32 -j 2 -T "$secs" -f "$work/$v.sql" "$db" 2>&1 |
    awk '/^tps/ {printf "%.0f", $3}')
  [ -n "$tps" ] || { echo "pgbench failed for $v" >&2; exit 1; }
  base=${base:-$tps}
  printf '| %s | %s | %.2f |\n' "$v" "$tps" "$(echo "$tps / $base" | bc -l)"
done
