// The SkySlots app for Zapier (Zapier Platform CLI, `zapier-platform-core`). Deploy it with
// `zapier push` from this directory; `npm test` runs it with the platform's app tester
// against a live SkySlots server.
const { version: platformVersion } = require("zapier-platform-core");

const authentication = require("./lib/authentication");
const { addApiKey, problemToError } = require("./lib/http");
const bookingTriggers = require("./lib/booking-triggers");
const linkList = require("./lib/link-list");
const createBooking = require("./lib/create-booking");
const findAvailability = require("./lib/find-availability");

const { version } = require("./package.json");

const byKey = (...items) => Object.fromEntries(items.map((item) => [item.key, item]));

module.exports = {
  version,
  platformVersion,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [problemToError],
  triggers: byKey(...bookingTriggers, linkList),
  creates: byKey(createBooking),
  searches: byKey(findAvailability),
};
