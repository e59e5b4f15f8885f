// A connection is a SkySlots server and a secret API key of one organization
// (`skyslots org create` prints one; `POST /v1/api-keys` makes more).
const { apiUrl } = require("./http");

module.exports = {
  type: "custom",
  fields: [
    {
      key: "base_url",
      label: "Server URL",
      type: "string",
      required: true,
      helpText: "Where your SkySlots server answers, e.g. `https://book.example.com`.",
    },
    {
      key: "api_key",
      label: "API key",
      type: "password",
      required: true,
      helpText: "A secret key of your organization (`sk_…`).",
    },
  ],
  test: async (z, bundle) => {
    const response = await z.request({ url: apiUrl(bundle, "/v1/organization") });
    return response.data;
  },
  connectionLabel: "{{name}}",
};
