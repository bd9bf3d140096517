import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { DomainError } from '@surge/contracts';
import { throwError, type Observable } from 'rxjs';

/**
 * Lets domain errors through to the transport, which sends them back as data. Without it Nest's
 * default RPC filter logs them as unexpected and replaces them with "Internal server error".
 * Register once per microservice: `app.useGlobalFilters(new DomainErrorRpcFilter())`.
 */
@Catch(DomainError)
export class DomainErrorRpcFilter implements RpcExceptionFilter<DomainError> {
  catch(exception: DomainError): Observable<never> {
    return throwError(() => exception);
  }
}
