import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { DomainError, ServiceUnavailableError } from '@surge/contracts';

export class EchoDto {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  quantity!: number;
}

/** Routes that exist only in tests, to drive the platform's error and validation paths. */
@Controller('test')
export class PlatformTestController {
  @Post('echo')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError('conflict', 'EMAIL_TAKEN', 'That email is registered already');
  }

  @Get('unavailable')
  unavailable(): never {
    throw new ServiceUnavailableError('Catalog is unavailable', 7);
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail: password=hunter2 at db.internal:5432');
  }
}
