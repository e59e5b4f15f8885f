// The n8n runtime around the nodes, from n8n's own packages: a real `Workflow`
// (n8n-workflow, with its expression engine) and the real node execution contexts of
// n8n-core (HookContext for the webhook methods, WebhookContext for deliveries,
// ExecuteContext for the action node), whose request helpers make the HTTP calls. What an n8n
// instance adds on top (its database, credential store and express server) is stood in for
// here by the few calls the contexts make: credentials are decrypted and applied from memory
// the way n8n's CredentialsHelper applies a credential's `authenticate` block.
const { mkdtempSync, readFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), "n8n-home-"));

const { Workflow, createRunExecutionData } = require("n8n-workflow");
const { ExecuteContext, HookContext, WebhookContext } = require("n8n-core");

const root = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** The package's credentials and nodes, loaded from the files its `n8n` block lists. */
function loadPackage() {
  const instances = (files) =>
    files.flatMap((file) => Object.values(require(join(root, file))).map((Class) => new Class()));
  const credentials = Object.fromEntries(instances(pkg.n8n.credentials).map((c) => [c.name, c]));
  const nodes = Object.fromEntries(instances(pkg.n8n.nodes).map((n) => [`${pkg.name}.${n.description.name}`, n]));
  return { credentials, nodes };
}

const loaded = loadPackage();

function nodeTypes(extra = {}) {
  const all = { ...loaded.nodes, ...extra };
  const get = (type) => {
    if (!all[type]) throw new Error(`unknown node type ${type}`);
    return all[type];
  };
  return { getByName: get, getByNameAndVersion: get, getKnownTypes: () => ({}) };
}

/** n8n's instance around a workflow: where webhooks are reachable, and the credential store. */
function instance({ webhookBaseUrl, credentials }) {
  const credentialsHelper = {
    isCredentialUsableByNode: () => true,
    getParentTypes: () => [],
    preAuthentication: async () => undefined,
    getDecrypted: async (_additionalData, _nodeCredentials, type) => {
      if (!credentials[type]) throw new Error(`no credential of type ${type}`);
      return { ...credentials[type] };
    },
    // What n8n's CredentialsHelper does with `authenticate: { type: "generic", … }`: resolve
    // each value as an expression over $credentials and put it on the request.
    authenticate: async (decrypted, type, request, workflow, node) => {
      const { authenticate } = loaded.credentials[type];
      const resolved = { ...request, headers: { ...request.headers }, qs: { ...request.qs } };
      for (const [place, values] of Object.entries(authenticate.properties)) {
        for (const [name, value] of Object.entries(values)) {
          resolved[place][name] = workflow.expression.getSimpleParameterValue(
            node, value, "internal", { $credentials: decrypted }, undefined, "",
          );
        }
      }
      return resolved;
    },
  };
  return {
    credentialsHelper,
    webhookBaseUrl,
    webhookTestBaseUrl: webhookBaseUrl.replace(/\/webhook$/, "/webhook-test"),
    webhookWaitingBaseUrl: webhookBaseUrl.replace(/\/webhook$/, "/webhook-waiting"),
    formWaitingBaseUrl: webhookBaseUrl.replace(/\/webhook$/, "/form-waiting"),
    instanceBaseUrl: webhookBaseUrl.replace(/\/webhook$/, "/"),
    variables: {},
  };
}

let nextId = 1;

/** A workflow of one node of `type` with `parameters`; static data persists on the object. */
function workflowWith(type, parameters, { extraTypes, staticData = {} } = {}) {
  const node = {
    id: `node-${nextId}`,
    name: "Node",
    type,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    credentials: { skySlotsApi: { id: "1", name: "SkySlots" } },
    webhookId: `00000000-0000-4000-8000-${String(nextId++).padStart(12, "0")}`,
  };
  const workflow = new Workflow({
    id: `wf-${nextId}`,
    name: "Bookings to chat",
    nodes: [node],
    connections: {},
    active: true,
    nodeTypes: nodeTypes(extraTypes),
    staticData,
  });
  return { workflow, node };
}

function hookContext(workflow, node, additionalData) {
  return new HookContext(workflow, node, additionalData, "trigger", "activate");
}

function webhookContext(workflow, node, additionalData, request, response) {
  const webhookDescription = workflow.nodeTypes.getByName(node.type).description.webhooks[0];
  return new WebhookContext(
    workflow, node, { ...additionalData, httpRequest: request, httpResponse: response },
    "webhook", { webhookDescription, isTest: false }, [], null,
  );
}

function executeContext(workflow, node, additionalData, items) {
  const inputData = { main: [items] };
  return new ExecuteContext(
    workflow, node, additionalData, "manual", createRunExecutionData(), 0, items, inputData,
    { node, data: inputData, source: null }, [],
  );
}

module.exports = { pkg, loaded, instance, workflowWith, hookContext, webhookContext, executeContext };
