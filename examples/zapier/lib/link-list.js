// The organization's booking links, for the "Link" dropdown of the actions (a hidden trigger,
// as Zapier's dynamic dropdowns are).
const { apiUrl } = require("./http");

module.exports = {
  key: "link_list",
  noun: "Link",
  display: { label: "Booking Links", description: "Lists booking links (for dropdowns).", hidden: true },
  operation: {
    // One page of 100, newest first: dropdowns are for choosing, not for browsing thousands.
    perform: async (z, bundle) => {
      const response = await z.request({ url: apiUrl(bundle, "/v1/links"), params: { limit: 100 } });
      return response.data.data.map((link) => ({ ...link, label: `${link.title} (/${link.slug})` }));
    },
    sample: { id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab", slug: "intro-call", title: "Intro call", label: "Intro call (/intro-call)" },
  },
};
