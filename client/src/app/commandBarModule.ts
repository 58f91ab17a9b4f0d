/** The command bar and its catalogue are a chunk of their own, fetched on the first Ctrl+K (or hover of its button). */
import type { Component } from 'svelte';
import type { Command } from './commands.ts';
import type { commandsFor } from './openCommands.ts';

export interface CommandBarModule {
  CommandBar: Component<{ commands: readonly Command[]; onchoose: (command: Command) => void; onclose: () => void }>;
  commandsFor: typeof commandsFor;
}

let loading: Promise<CommandBarModule> | null = null;

export function loadCommandBar(): Promise<CommandBarModule> {
  loading ??= Promise.all([import('./CommandBar.svelte'), import('./openCommands.ts')]).then(
    ([bar, commands]) => ({ CommandBar: bar.default, commandsFor: commands.commandsFor }),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
