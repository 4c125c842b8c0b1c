import { MessageFailed } from './bus.messages';
import { MessageCatalog } from './message-definition';
import { SagaCompensated, SagaCompleted, SagaFailed, SagaStarted, StartSaga } from './saga.messages';
import { RunSelfTestStep, SelfTestStepFailed, SelfTestStepSucceeded } from './selftest.messages';

/** Every message of this build. A consumer rejects any type not listed here, with the reason. */
export const CATALOG = new MessageCatalog([
  MessageFailed,
  StartSaga,
  SagaStarted,
  SagaCompleted,
  SagaCompensated,
  SagaFailed,
  RunSelfTestStep,
  SelfTestStepSucceeded,
  SelfTestStepFailed,
]);

/** The events that answer a saga's command, and what each means for the step. */
export const SAGA_REPLIES: ReadonlyMap<string, 'succeeded' | 'failed'> = new Map([
  [SelfTestStepSucceeded.type, 'succeeded'],
  [SelfTestStepFailed.type, 'failed'],
]);
