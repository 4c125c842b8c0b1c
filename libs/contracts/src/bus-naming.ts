/**
 * How subjects and streams are named. Everything hangs off one prefix (default `tandem`), so two sites, or two
 * test files, never share a stream or a subject:
 *
 *   commands   <prefix>.cmd.<service>.<name>.v<version>     stream <PREFIX>_COMMANDS (work queue per service)
 *              <prefix>.cmd.<service>.<scope>.<name>.v<n>   for commands routed to one cluster domain
 *   events     <prefix>.evt.<service>.<name>.v<version>     stream <PREFIX>_EVENTS   (fan-out, limits retention)
 *   imported   <prefix>.xevt.<service>.<name>.v<version>    stream <PREFIX>_EVENTS   (a peer site's events)
 *   dead       <prefix>.dlq.<consumer>                       stream <PREFIX>_DLQ      (kept for people to read)
 *
 * Linked sites (each its own NATS server, JetStream domain and prefix) import from each other by stream sourcing:
 * see `siteLinkTransforms`.
 */
export interface BusNaming {
  readonly prefix: string;
  readonly streams: { readonly commands: string; readonly events: string; readonly deadLetters: string };
  /** `scope` (a cluster domain) routes a command to the service instances of that domain only. */
  subjectOf(kind: 'command' | 'event', service: string, name: string, version: number, scope?: string): string;
  deadLetterSubject(consumer: string): string;
  /** The subject an event of a peer site has in this site's events stream: `<prefix>.evt.x` → `<prefix>.xevt.x`. */
  importedEventSubject(eventSubject: string): string;
  allCommands(): string;
  allEvents(): string;
  allImportedEvents(): string;
  allDeadLetters(): string;
}

/** A linked site, as the local site sees it. */
export interface BusPeer {
  /** The peer's JetStream domain, which is its cluster domain (`dr-site`). */
  readonly domain: string;
  /** The peer's bus prefix. */
  readonly prefix: string;
}

/** A JetStream stream source's subject transform: `src` selects and `dest` renames (nats-server 2.10+). */
export interface SubjectTransform {
  readonly src: string;
  readonly dest: string;
}

const TOKEN = /^[a-z][a-z0-9_-]{0,62}$/;

function checkToken(what: string, value: string): void {
  if (!TOKEN.test(value)) {
    throw new Error(`${what} "${value}" must be lowercase letters, digits, dashes and underscores, starting with a letter`);
  }
}

export function busNaming(prefix = 'tandem'): BusNaming {
  checkToken('bus prefix', prefix);
  const stream = prefix.toUpperCase().replace(/-/g, '_');
  const eventPrefix = `${prefix}.evt.`;
  return {
    prefix,
    streams: { commands: `${stream}_COMMANDS`, events: `${stream}_EVENTS`, deadLetters: `${stream}_DLQ` },
    subjectOf: (kind, service, name, version, scope) => {
      if (scope !== undefined) checkToken('scope', scope);
      return `${prefix}.${kind === 'command' ? 'cmd' : 'evt'}.${service}${scope ? `.${scope}` : ''}.${name}.v${version}`;
    },
    deadLetterSubject: (consumer) => `${prefix}.dlq.${consumer}`,
    importedEventSubject: (eventSubject) => {
      if (!eventSubject.startsWith(eventPrefix)) {
        throw new Error(`"${eventSubject}" is not an event subject of prefix ${prefix} (${eventPrefix}…)`);
      }
      return `${prefix}.xevt.${eventSubject.slice(eventPrefix.length)}`;
    },
    allCommands: () => `${prefix}.cmd.>`,
    allEvents: () => `${prefix}.evt.>`,
    allImportedEvents: () => `${prefix}.xevt.>`,
    allDeadLetters: () => `${prefix}.dlq.>`,
  };
}

/**
 * What the local site takes from a peer, as stream-source transforms applied while sourcing:
 * - `commands`: the peer's commands scoped to the local domain, renamed to the local prefix, so they reach the
 *   local instances of that scope exactly as a local command would;
 * - `events`: the peer's own events (never what it imported itself, so nothing loops back), renamed to the local
 *   `xevt` subjects.
 */
export function siteLinkTransforms(local: BusNaming, localDomain: string, peer: BusPeer): { commands: SubjectTransform; events: SubjectTransform } {
  checkToken('local domain', localDomain);
  checkToken('peer domain', peer.domain);
  checkToken('peer bus prefix', peer.prefix);
  if (peer.domain === localDomain) throw new Error(`peer domain "${peer.domain}" is the local domain: a site cannot be its own peer`);
  return {
    commands: { src: `${peer.prefix}.cmd.*.${localDomain}.>`, dest: `${local.prefix}.cmd.{{wildcard(1)}}.${localDomain}.>` },
    events: { src: `${peer.prefix}.evt.>`, dest: local.allImportedEvents() },
  };
}
