// What every request of the app shares: the server's address, the API key, and SkySlots'
// RFC 9457 problems turned into errors Zapier shows to the user (a 429 the platform itself
// turns into a ThrottledError, honouring Retry-After, before this runs).

/** `path` on the user's SkySlots server (`base_url` of the connection). */
function apiUrl(bundle, path) {
  return `${String(bundle.authData.base_url).replace(/\/+$/, "")}${path}`;
}

function addApiKey(request, z, bundle) {
  if (bundle.authData && bundle.authData.api_key) {
    request.headers = { ...request.headers, Authorization: `Bearer ${bundle.authData.api_key}` };
  }
  return request;
}

function problemToError(response, z) {
  if (response.status < 400) return response;
  let problem = {};
  try {
    problem = JSON.parse(response.content);
  } catch {
    // not a problem document (a proxy's error page): the status says enough
  }
  const message = [problem.title, problem.detail].filter(Boolean).join(": ") || `HTTP ${response.status}`;
  if (response.status === 401) {
    // Zapier asks the user to reconnect on an AuthenticationError.
    throw new z.errors.Error(message, "AuthenticationError", response.status);
  }
  throw new z.errors.Error(message, problem.code || "http_error", response.status);
}

module.exports = { apiUrl, addApiKey, problemToError };
