import { natsServerBinary } from '../src/nats-server.binary';

/** Fails the `int` project at once, with what to do, when the pinned nats-server has not been built. */
export default function intGlobalSetup(): void {
  natsServerBinary();
}
