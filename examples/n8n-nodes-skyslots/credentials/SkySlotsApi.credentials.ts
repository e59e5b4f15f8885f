import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from "n8n-workflow";

/** A SkySlots server and a secret API key of one organization. */
export class SkySlotsApi implements ICredentialType {
  name = "skySlotsApi";

  displayName = "SkySlots API";

  documentationUrl = "https://github.com/skyslots/skyslots/tree/main/examples/n8n-nodes-skyslots";

  properties: INodeProperties[] = [
    {
      displayName: "Server URL",
      name: "baseUrl",
      type: "string",
      default: "",
      placeholder: "https://book.example.com",
      required: true,
      description: "Where your SkySlots server answers",
    },
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      default: "",
      required: true,
      description: "A secret key of your organization (sk_…)",
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: "generic",
    properties: {
      headers: { Authorization: '={{"Bearer " + $credentials.apiKey}}' },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
      url: "/v1/organization",
    },
  };
}
