// Without the optional OpenAI plugin, the model commands say what to install, with the version that fits.
import { describe, expect, it } from 'vitest';
import { assertOpenAIPlugin } from '../../src/cli/openai-plugin.js';

const missingPlugin = (s: string) => {
  if (s === '@livekit/agents-plugin-openai') throw Object.assign(new Error(`Cannot find package '${s}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  return import.meta.resolve(s);
};

describe('assertOpenAIPlugin', () => {
  it('passes when the plugin resolves (it is installed here)', () => {
    expect(() => assertOpenAIPlugin('demo')).not.toThrow();
  });

  it('names the command and the install command with the installed @livekit/agents version', () => {
    expect(() => assertOpenAIPlugin('demo', missingPlugin)).toThrow(
      '`cal-booking-action demo` runs the model through @livekit/agents-plugin-openai, which is not installed. ' +
        'Install the version that matches your @livekit/agents (1.9.0): npm install @livekit/agents-plugin-openai@1.9.0',
    );
  });

  it('still says what to install when @livekit/agents is missing too', () => {
    const nothing = (s: string): string => {
      throw new Error(`Cannot find package '${s}'`);
    };
    expect(() => assertOpenAIPlugin('chat', nothing)).toThrow(/npm install @livekit\/agents-plugin-openai@<your @livekit\/agents version>/);
  });
});
