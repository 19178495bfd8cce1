// A complete LiveKit voice agent that books through Cal.com. Run it with `npx tsx agent.ts dev`.
import { fileURLToPath } from 'node:url';
import { cli, defineAgent, llm, ServerOptions, voice } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { z } from 'zod/v4';
import {
  buildInstructions,
  CalComClient,
  createBookingToolset,
  jobCallContext,
  loadBookingConfig,
  prefetchAll,
  resolveActions,
  withBookingTools,
  type BookingToolset,
  type ResolvedAction,
} from 'cal-booking-action/livekit';

interface Booking {
  actions: ResolvedAction[];
  toolset: BookingToolset;
}

// Your own tools, in the object-map style of LiveKit's docs.
const yourOwnTools = {
  openingHours: llm.tool({
    description: 'When the office is open.',
    parameters: z.object({}),
    execute: async () => 'Monday to Friday, 9 AM to 5 PM.',
  }),
};

export default defineAgent<{ booking: Booking }>({
  // Once per process, not when this module loads: agents-js imports it in every job process.
  prewarm: async (proc) => {
    const config = process.env.CAL_BOOKING_CONFIG ?? 'booking.yaml';
    const cal = new CalComClient(); // CALCOM_API_KEY (and CALCOM_API_URL)
    const actions = await resolveActions(loadBookingConfig(config), cal, config);
    // SMS confirmations through Twilio from TWILIO_*; without them, the caller gets the email only.
    proc.userData.booking = { actions, toolset: createBookingToolset({ actions, calendar: cal }) };
  },
  entry: async (ctx) => {
    const { actions, toolset } = ctx.proc.userData.booking;
    await ctx.connect();
    const participant = await ctx.waitForParticipant();
    const session = new voice.AgentSession({
      stt: new openai.STT(),
      llm: new openai.LLM({ model: process.env.OPENAI_MODEL ?? 'gpt-4.1-mini', temperature: 0.3 }),
      tts: new openai.TTS(),
      // cal_email and name from the job's metadata, the SIP caller's number for the text.
      userData: { call: jobCallContext(ctx, participant) },
    });
    const prefetched = prefetchAll(toolset, session); // the first offer needs no Cal.com round trip
    const instructions = buildInstructions({
      userInstructions: 'You are the friendly front desk of Becker Consulting.',
      actions,
      toolNames: toolset.toolNames,
    });
    await session.start({ agent: new voice.Agent({ instructions, tools: withBookingTools(toolset, yourOwnTools) }), room: ctx.room });
    await prefetched;
  },
});

if (process.argv[1] === fileURLToPath(import.meta.url)) cli.runApp(new ServerOptions({ agent: fileURLToPath(import.meta.url) }));
