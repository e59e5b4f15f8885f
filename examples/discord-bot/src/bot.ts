// The bot for real: registers the slash commands and answers them. Needs
// DISCORD_TOKEN, DISCORD_APPLICATION_ID, SKYSLOTS_URL, SKYSLOTS_API_KEY (and DISCORD_GUILD_ID
// to register on one server at once instead of globally). See README.md.
import { Client, Events, GatewayIntentBits, REST, Routes } from "discord.js";
import { createSkySlots } from "@skyslots/sdk";

import { createHandlers, definitions } from "./commands.js";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const token = env("DISCORD_TOKEN");
const application = env("DISCORD_APPLICATION_ID");
const guild = process.env.DISCORD_GUILD_ID;
const handle = createHandlers(createSkySlots({ baseUrl: env("SKYSLOTS_URL"), apiKey: env("SKYSLOTS_API_KEY") }));

const rest = new REST().setToken(token);
await rest.put(guild ? Routes.applicationGuildCommands(application, guild) : Routes.applicationCommands(application), {
  body: definitions,
});

const discord = new Client({ intents: [GatewayIntentBits.Guilds] });
discord.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) void handle(interaction);
});
discord.once(Events.ClientReady, (c) => console.log(`SkySlots bot online as ${c.user.tag}`));
await discord.login(token);
