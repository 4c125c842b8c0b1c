/**
 * How subjects and streams are named. Everything hangs off one prefix (default `tandem`), so two sites, or two
 * test files, never share a stream or a subject:
 *
 *   commands   <prefix>.cmd.<service>.<name>.v<version>     stream <PREFIX>_COMMANDS (work queue per service)
 *              <prefix>.cmd.<service>.<scope>.<name>.v<n>   for commands routed to one cluster domain
 *   events     <prefix>.evt.<service>.<name>.v<version>     stream <PREFIX>_EVENTS   (fan-out, limits retention)
 *   dead       <prefix>.dlq.<consumer>                       stream <PREFIX>_DLQ      (kept for people to read)
 */
export interface BusNaming {
  readonly prefix: string;
  readonly streams: { readonly commands: string; readonly events: string; readonly deadLetters: string };
  /** `scope` (a cluster domain) routes a command to the service instances of that domain only. */
  subjectOf(kind: 'command' | 'event', service: string, name: string, version: number, scope?: string): string;
  deadLetterSubject(consumer: string): string;
  allCommands(): string;
  allEvents(): string;
  allDeadLetters(): string;
}

const TOKEN = /^[a-z][a-z0-9_-]{0,62}$/;

export function busNaming(prefix = 'tandem'): BusNaming {
  if (!TOKEN.test(prefix)) {
    throw new Error(`bus prefix "${prefix}" must be lowercase letters, digits, dashes and underscores, starting with a letter`);
  }
  const stream = prefix.toUpperCase().replace(/-/g, '_');
  return {
    prefix,
    streams: { commands: `${stream}_COMMANDS`, events: `${stream}_EVENTS`, deadLetters: `${stream}_DLQ` },
    subjectOf: (kind, service, name, version, scope) => {
      if (scope !== undefined && !TOKEN.test(scope)) {
        throw new Error(`scope "${scope}" must be lowercase letters, digits, dashes and underscores, starting with a letter`);
      }
      return `${prefix}.${kind === 'command' ? 'cmd' : 'evt'}.${service}${scope ? `.${scope}` : ''}.${name}.v${version}`;
    },
    deadLetterSubject: (consumer) => `${prefix}.dlq.${consumer}`,
    allCommands: () => `${prefix}.cmd.>`,
    allEvents: () => `${prefix}.evt.>`,
    allDeadLetters: () => `${prefix}.dlq.>`,
  };
}
