import { applyDecorators, type ArgumentsHost, Catch, Controller, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a bus handler's error to Tandem's JetStream transport as it was thrown. Nest's default RPC filter replaces
 * any error that is not an RpcException by `{ message: 'Internal server error' }`, which drops `retryable: false`
 * (so a refused command would be retried instead of dead-lettered, and its dead letter would not say why) and the
 * `code` that marks an outage (so a good message would be dead-lettered because the database was down).
 */
@Catch()
export class BusErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * A Nest controller of bus handlers (`@OnMessage`), whose errors reach Tandem's JetStream transport as thrown.
 * Use it instead of `@Controller()` for every class with bus handlers: a global filter does not reach the
 * handlers of a transport connected to a hybrid application.
 */
export const BusController = (): ClassDecorator => applyDecorators(Controller(), UseFilters(BusErrorsFilter));
