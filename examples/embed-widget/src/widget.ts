// <skyslots-booking org="acme" link="intro-call"> — a booking page for any website, on the
// public endpoints of the SkySlots API (no key). Served by the server at /embed.js.
//
// Attributes: `org` and `link` (slugs), `api` (the server; default: where embed.js came from),
// `timezone` (default: the visitor's). Theme with CSS custom properties on the element:
// --skyslots-accent, --skyslots-bg, --skyslots-fg, --skyslots-muted, --skyslots-radius,
// --skyslots-font. Emits `skyslots:booked` with the booking and its manage token. Follows the
// link's public stream, so a time someone else books disappears without a reload.
//
// On a link that collects payment online it pays with Stripe Elements (Stripe.js from
// `stripe-js`, default https://js.stripe.com/v3/, mounted in the light DOM: Stripe's iframes
// do not work inside a shadow root) with the booking's client secret, or sends the payer to
// Stripe's hosted page; the seats are held until the booking's `hold_expires_at`.
import { createSkySlots, SkySlotsError, type PublicLink, type Question, type Slot } from "@skyslots/sdk";

const SCRIPT_ORIGIN = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  try {
    return src ? new URL(src).origin : location.origin;
  } catch {
    return location.origin;
  }
})();

const DAY = 86_400_000;

const STYLE = `
:host { display: block; font-family: var(--skyslots-font, system-ui, sans-serif); color: var(--skyslots-fg, #1d1d1f);
  background: var(--skyslots-bg, #fff); border-radius: var(--skyslots-radius, 12px); max-width: 640px; }
* { box-sizing: border-box; }
.wrap { padding: 16px; }
h2 { font-size: 1.25rem; margin: 0 0 4px; }
p { margin: 4px 0 12px; }
.muted { color: var(--skyslots-muted, #6e6e73); font-size: .9rem; }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; margin: 8px 0 12px; }
label { display: block; font-size: .9rem; margin: 10px 0 4px; }
select, input, textarea { font: inherit; width: 100%; padding: 8px; border: 1px solid #c7c7cc; border-radius: 8px;
  background: #fff; color: inherit; min-height: 40px; }
.bar select { width: auto; max-width: 100%; }
input[type=checkbox] { width: auto; min-height: 0; margin-right: 6px; }
button { font: inherit; cursor: pointer; border-radius: 8px; min-height: 40px; padding: 8px 12px;
  border: 1px solid var(--skyslots-accent, #0a66c2); background: #fff; color: var(--skyslots-accent, #0a66c2); }
button.primary { background: var(--skyslots-accent, #0a66c2); color: #fff; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--skyslots-accent, #0a66c2); outline-offset: 2px; }
button[disabled] { opacity: .5; cursor: default; }
.day { margin: 12px 0; }
.day h3 { font-size: 1rem; margin: 0 0 6px; }
.slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(84px, 1fr)); gap: 8px; }
.status { margin: 8px 0; padding: 8px 12px; border-radius: 8px; background: #fff4e5; }
.status:empty { display: none; }
.done { background: #e8f5e9; padding: 12px; border-radius: 8px; }
`;

type Step =
  | { kind: "loading" }
  | { kind: "unavailable"; message: string }
  | { kind: "slots" }
  | { kind: "form"; slot: Slot }
  | { kind: "pay"; slot: Slot; token: string; amount: string; checkoutUrl?: string; calendar?: string }
  | { kind: "done"; slot: Slot; calendar?: string };

/** The part of Stripe.js the widget uses. */
type StripeJs = {
  elements(options: { clientSecret: string }): { create(type: "payment"): { mount(target: Element): void } };
  confirmPayment(options: { elements: unknown; redirect: "if_required" }): Promise<{ error?: { message?: string } }>;
};

const stripeScripts = new Map<string, Promise<(key: string) => StripeJs>>();

/** Load Stripe.js once per URL. */
function loadStripe(url: string): Promise<(key: string) => StripeJs> {
  let loading = stripeScripts.get(url);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => {
        const Stripe = (window as unknown as { Stripe?: (key: string) => StripeJs }).Stripe;
        if (Stripe) resolve(Stripe);
        else reject(new Error("Stripe.js did not load"));
      };
      script.onerror = () => reject(new Error("Stripe.js could not be loaded"));
      document.head.append(script);
    });
    stripeScripts.set(url, loading);
  }
  return loading;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node: HTMLElementTagNameMap[K] = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function zones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return Array.from(new Set([current, "UTC", ...all]));
}

export class SkySlotsBooking extends HTMLElement {
  static observedAttributes = ["org", "link", "api", "timezone"];

  private root = this.attachShadow({ mode: "open" });
  private link?: PublicLink;
  private slots: Slot[] = [];
  private weekStart = new Date();
  private timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  private step: Step = { kind: "loading" };
  private status = "";

  connectedCallback() {
    this.timezone = this.getAttribute("timezone") || this.timezone;
    void this.load();
  }

  disconnectedCallback() {
    this.live?.close();
    this.live = undefined;
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null) {
    if (this.isConnected && old !== null && old !== value) void this.load();
  }

  /** The server's announcements that the link's free times changed (someone else booked). */
  private live?: EventSource;
  /** A change announced while the visitor was not looking at the slots. */
  private stale = false;

  private follow() {
    this.live?.close();
    const { org_slug, link_slug } = this.paths;
    const base = this.getAttribute("api") || SCRIPT_ORIGIN;
    const url = `${base}/v1/public/links/${encodeURIComponent(org_slug)}/${encodeURIComponent(link_slug)}/stream`;
    if (typeof EventSource === "undefined") return;
    this.live = new EventSource(url);
    this.live.addEventListener("availability.changed", () => {
      if (this.step.kind === "slots") void this.loadSlots().catch((e) => this.fail(e));
      else this.stale = true;
    });
  }

  private api?: { base: string; client: ReturnType<typeof createSkySlots> };

  /** One client per server: made again only when the `api` attribute changes. */
  private get client() {
    const base = this.getAttribute("api") || SCRIPT_ORIGIN;
    if (this.api?.base !== base) this.api = { base, client: createSkySlots({ baseUrl: base, retries: 1 }) };
    return this.api.client;
  }

  private get paths() {
    return { org_slug: this.getAttribute("org") ?? "", link_slug: this.getAttribute("link") ?? "" };
  }

  private async load() {
    this.step = { kind: "loading" };
    this.render();
    try {
      const { data } = await this.client.GET("/v1/public/links/{org_slug}/{link_slug}", { params: { path: this.paths } });
      this.link = data;
      await this.loadSlots();
      this.follow();
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadSlots() {
    const start = new Date(Math.max(this.weekStart.getTime(), Date.now()));
    const end = new Date(this.weekStart.getTime() + 7 * DAY);
    const { data } = await this.client.GET("/v1/public/links/{org_slug}/{link_slug}/availability", {
      params: { path: this.paths, query: { start: start.toISOString(), end: end.toISOString(), timezone: this.timezone } },
    });
    this.slots = data?.slots ?? [];
    this.step = { kind: "slots" };
    this.render();
  }

  private message(e: unknown): string {
    if (!(e instanceof SkySlotsError)) return "The booking service cannot be reached. Check your connection and try again.";
    switch (e.code) {
      case "link_not_found":
        return "This booking page is not available.";
      case "slot_unavailable":
        return "Sorry, that time was just taken. Please choose another one.";
      case "rate_limited":
        return `Too many requests. Please try again in ${e.retryAfter ?? 60} seconds.`;
      case "validation_failed":
        return e.errors.map((f) => `${f.field}: ${f.message}`).join("; ") || e.detail;
      default:
        return e.detail;
    }
  }

  private fail(e: unknown) {
    const message = this.message(e);
    if (e instanceof SkySlotsError && (e.code === "link_not_found" || e.code === "link_inactive")) {
      this.step = { kind: "unavailable", message };
    } else {
      this.status = message;
      if (this.step.kind === "loading") this.step = { kind: "unavailable", message };
    }
    this.render();
  }

  private time(iso: string, options: Intl.DateTimeFormatOptions) {
    return new Intl.DateTimeFormat(undefined, { timeZone: this.timezone, ...options }).format(new Date(iso));
  }

  private render() {
    const wrap = el("div", { className: "wrap" });
    const status = el("div", { className: "status", role: "status" }, this.status);
    status.setAttribute("aria-live", "polite");
    this.root.replaceChildren(el("style", { textContent: STYLE }), wrap);
    const step = this.step;
    if (step.kind === "loading") {
      wrap.append(el("p", { className: "muted" }, "Loading…"));
      return;
    }
    if (step.kind === "unavailable") {
      wrap.append(el("p", { className: "unavailable" }, step.message));
      return;
    }
    const link = this.link!;
    wrap.append(el("h2", {}, link.title), el("p", { className: "muted" }, `${link.organization.name} · ${link.durations[0]} min`));
    if (link.description) wrap.append(el("p", {}, link.description));
    wrap.append(status);
    if (step.kind === "slots") wrap.append(...this.slotsView());
    if (step.kind === "form") wrap.append(this.formView(step.slot));
    if (step.kind === "pay") wrap.append(...this.payView(step));
    if (step.kind === "done") {
      const when = this.time(step.slot.start, { dateStyle: "full", timeStyle: "short" });
      const done = el("div", { className: "done", tabIndex: -1 }, el("strong", {}, "You're booked. "), `${when} (${this.timezone}). A confirmation is on its way.`);
      // The attendee's own .ics, by the manage token only they have.
      if (step.calendar) done.append(" ", el("a", { className: "calendar", href: step.calendar, download: "booking.ics" }, "Add to calendar"));
      wrap.append(done);
      (wrap.lastElementChild as HTMLElement).focus();
    }
  }

  private slotsView(): Node[] {
    const select = el("select", { id: "tz", ariaLabel: "Time zone" });
    for (const z of zones(this.timezone)) select.append(el("option", { value: z, selected: z === this.timezone }, z));
    select.addEventListener("change", () => {
      this.timezone = select.value;
      this.status = "";
      void this.loadSlots().catch((e) => this.fail(e));
    });
    const prev = el("button", { type: "button", textContent: "← Earlier", disabled: this.weekStart.getTime() <= Date.now() });
    const next = el("button", { type: "button", textContent: "Later →" });
    prev.addEventListener("click", () => this.shiftWeek(-1));
    next.addEventListener("click", () => this.shiftWeek(1));
    const tzLabel = el("label", { htmlFor: "tz" }, "Times in");
    tzLabel.style.display = "inline";
    const bar = el("div", { className: "bar" }, el("span", {}, tzLabel, " ", select), el("span", {}, prev, " ", next));
    if (this.slots.length === 0) {
      return [bar, el("p", { className: "empty" }, "No free times this week. Try later dates.")];
    }
    const days = new Map<string, Slot[]>();
    for (const s of this.slots) {
      const day = this.time(s.start, { weekday: "long", month: "long", day: "numeric" });
      days.set(day, [...(days.get(day) ?? []), s]);
    }
    const list: Node[] = [bar];
    for (const [day, slots] of days) {
      const grid = el("div", { className: "slots" });
      for (const s of slots) {
        const b = el("button", { type: "button", className: "slot", textContent: this.time(s.start, { timeStyle: "short" }) });
        b.setAttribute("aria-label", `${day}, ${b.textContent}`);
        b.dataset.start = s.start;
        b.addEventListener("click", () => {
          this.status = "";
          this.step = { kind: "form", slot: s };
          this.render();
          this.root.querySelector<HTMLInputElement>("#name")?.focus();
        });
        grid.append(b);
      }
      list.push(el("section", { className: "day" }, el("h3", {}, day), grid));
    }
    return list;
  }

  private shiftWeek(weeks: number) {
    this.weekStart = new Date(Math.max(Date.now(), this.weekStart.getTime() + weeks * 7 * DAY));
    this.status = "";
    void this.loadSlots().catch((e) => this.fail(e));
  }

  private field(q: Question): HTMLElement {
    const id = `q-${q.id}`;
    const label = el("label", { htmlFor: id }, q.label + (q.required ? " *" : ""));
    let input: HTMLElement;
    if (q.kind === "select" || q.kind === "multiselect") {
      const s = el("select", { id, name: q.id, required: q.required, multiple: q.kind === "multiselect" });
      if (q.kind === "select") s.append(el("option", { value: "" }, "Choose…"));
      for (const o of q.options) s.append(el("option", { value: o }, o));
      input = s;
    } else if (q.kind === "checkbox") {
      const c = el("input", { id, name: q.id, type: "checkbox", required: q.required });
      return el("label", { htmlFor: id }, c, q.label + (q.required ? " *" : ""));
    } else {
      const type = q.kind === "email" ? "email" : q.kind === "phone" ? "tel" : q.kind === "number" ? "number" : "text";
      input = el("input", { id, name: q.id, type, required: q.required });
    }
    return el("div", {}, label, input);
  }

  private formView(slot: Slot): HTMLElement {
    const when = this.time(slot.start, { dateStyle: "full", timeStyle: "short" });
    const form = el("form", { noValidate: false });
    form.append(
      el("p", {}, el("strong", {}, when), ` (${this.timezone})`),
      el("label", { htmlFor: "name" }, "Your name *"),
      el("input", { id: "name", name: "name", required: true, autocomplete: "name" }),
      el("label", { htmlFor: "email" }, "Email *"),
      el("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "email" }),
      ...this.link!.questions.map((q) => this.field(q)),
    );
    const back = el("button", { type: "button", textContent: "Back" });
    back.addEventListener("click", () => {
      this.step = { kind: "slots" };
      this.render();
      if (this.stale) {
        this.stale = false;
        void this.loadSlots().catch((e) => this.fail(e));
      }
    });
    const submit = el("button", { type: "submit", className: "primary", textContent: "Book" });
    form.append(el("div", { className: "bar" }, back, submit));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit.disabled = true;
      void this.book(form, slot).finally(() => (submit.disabled = false));
    });
    return form;
  }

  /** Where Stripe's payment form goes: a light-DOM child, shown through a slot. */
  private paymentMount(): HTMLElement {
    let mount = this.querySelector<HTMLElement>(":scope > [slot=payment]");
    if (!mount) {
      mount = el("div", {});
      mount.setAttribute("slot", "payment");
      this.append(mount);
    }
    mount.replaceChildren();
    return mount;
  }

  private payView(step: Extract<Step, { kind: "pay" }>): Node[] {
    const when = this.time(step.slot.start, { dateStyle: "full", timeStyle: "short" });
    const head = el("p", {}, el("strong", {}, `Pay ${step.amount} `), `to book ${when}. The time is held for you meanwhile.`);
    if (step.checkoutUrl) {
      return [head, el("a", { className: "checkout", href: step.checkoutUrl, textContent: "Continue to payment" })];
    }
    const slot = el("slot", {});
    slot.setAttribute("name", "payment");
    const pay = el("button", { type: "button", className: "primary pay", textContent: `Pay ${step.amount}`, disabled: true });
    return [head, slot, el("div", { className: "status", textContent: this.status }), el("div", { className: "bar" }, pay)];
  }

  /** Pay with Stripe Elements, then wait for the server to hear from Stripe. */
  private async pay(step: Extract<Step, { kind: "pay" }>, clientSecret: string, publishableKey: string) {
    const Stripe = await loadStripe(this.getAttribute("stripe-js") || "https://js.stripe.com/v3/");
    const stripe = Stripe(publishableKey);
    const elements = stripe.elements({ clientSecret });
    elements.create("payment").mount(this.paymentMount());
    const button = this.root.querySelector<HTMLButtonElement>("button.pay");
    if (!button) return;
    button.disabled = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      const line = this.root.querySelector<HTMLElement>(".status");
      const say = (text: string) => line && (line.textContent = text);
      const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
      if (error) {
        say(error.message || "The payment did not go through.");
        button.disabled = false;
        return;
      }
      say("Payment received, confirming…");
      for (let i = 0; i < 60; i++) {
        const { data } = await this.client.GET("/v1/public/bookings/{manage_token}", { params: { path: { manage_token: step.token } } });
        if (data && (data.status === "confirmed" || data.status === "pending")) {
          this.paymentMount().remove();
          this.status = "";
          this.step = { kind: "done", slot: step.slot, calendar: step.calendar };
          this.render();
          return;
        }
        if (data?.status === "expired") {
          say("The time was released before the payment arrived; any payment is refunded.");
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      say("The payment is taking long to confirm: you will get an email when it does.");
    });
  }

  private answers(form: HTMLFormElement): Record<string, unknown> {
    const answers: Record<string, unknown> = {};
    for (const q of this.link!.questions) {
      const input = form.elements.namedItem(q.id) as HTMLInputElement | HTMLSelectElement | null;
      if (!input) continue;
      if (q.kind === "checkbox") answers[q.id] = (input as HTMLInputElement).checked;
      else if (q.kind === "multiselect") answers[q.id] = Array.from((input as HTMLSelectElement).selectedOptions, (o) => o.value);
      else if (q.kind === "number") {
        if (input.value !== "") answers[q.id] = Number(input.value);
      } else if (input.value !== "") answers[q.id] = input.value;
    }
    return answers;
  }

  private async book(form: HTMLFormElement, slot: Slot) {
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    try {
      const { data } = await this.client.POST("/v1/public/links/{org_slug}/{link_slug}/bookings", {
        params: { path: this.paths },
        body: {
          start: slot.start,
          duration: this.link!.durations[0],
          attendee: { name: value("name"), email: value("email"), timezone: this.timezone },
          answers: this.answers(form),
        },
      });
      this.status = "";
      const token = data?.manage_token;
      const calendar = token ? `${this.api!.base.replace(/\/+$/, "")}/v1/public/bookings/${encodeURIComponent(token)}/ics` : undefined;
      const payment = data?.booking.payment;
      this.dispatchEvent(new CustomEvent("skyslots:booked", { detail: data, bubbles: true, composed: true }));
      if (token && payment && data?.booking.status === "awaiting_payment") {
        const step = {
          kind: "pay" as const, slot, token, calendar, checkoutUrl: payment.checkout_url,
          amount: `${payment.amount_decimal} ${payment.currency}`,
        };
        this.step = step;
        this.render();
        const key = this.link?.payments?.publishable_key;
        if (!payment.checkout_url && payment.client_secret && key) await this.pay(step, payment.client_secret, key);
        else if (!payment.checkout_url) {
          this.status = "This booking page cannot take payments: the server has no Stripe publishable key.";
          this.render();
        }
        return;
      }
      this.step = { kind: "done", slot, calendar };
      this.render();
    } catch (e) {
      if (e instanceof SkySlotsError && e.code === "slot_unavailable") {
        this.status = this.message(e);
        await this.loadSlots().catch((err) => this.fail(err));
        return;
      }
      // Keep what was typed: only the status line changes.
      this.status = this.message(e);
      const line = this.root.querySelector<HTMLElement>(".status");
      if (line) line.textContent = this.status;
    }
  }
}

if (!customElements.get("skyslots-booking")) customElements.define("skyslots-booking", SkySlotsBooking);
