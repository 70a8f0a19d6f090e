import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createLogger } from '@coop/bootstrap';
import { AppModule, type AppModuleOptions } from './app.module';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { createValidationPipe } from './common/validation.pipe';

export interface AppOptions extends AppModuleOptions {
  logger?: LoggerService;
}

/** The one place the HTTP application is put together: main.ts, the e2e tests and the benchmark all use it. */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(options), { logger: options.logger ?? createLogger() });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.use(requestLog());
  const docs = new DocumentBuilder()
    .setTitle('coop-ledger')
    .setDescription('Members, share capital and the legal register of a cooperative (SCIC, SCOP). Amounts are decimal strings.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs));
  return app;
}

/** One structured line per request: method, path, status, duration. */
function requestLog() {
  const log = new Logger('http');
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.log({ method: req.method, path: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  };
}
