/** Where a lab site reports what it does (the CLI passes a JSON logger; the default drops everything). */
export interface LabLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const SILENT_LOGGER: LabLogger = { info: () => undefined, warn: () => undefined };
