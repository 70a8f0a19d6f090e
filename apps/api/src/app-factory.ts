import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { createLogger } from '@coop/bootstrap';
import { AppModule, type AppModuleOptions } from './app.module';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { assertEveryRouteDeclaresAccess } from './common/route-list';
import { createValidationPipe } from './common/validation.pipe';

export interface AppOptions extends AppModuleOptions {
  logger?: LoggerService;
  /** Origins a browser may call the API from; none by default (CORS closed). */
  corsOrigins?: string[];
  /** Express's `trust proxy`: the TLS proxy in front, so that client addresses are the clients'. */
  trustProxy?: string | null;
}

/** The one place the HTTP application is put together: main.ts, the e2e tests and the benchmark all use it. */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), { logger: options.logger ?? createLogger() });
  return configureApp(app, options);
}

/** What createApp does to the application Nest made (the benchmark applies it to a testing module's application too). */
export function configureApp(app: NestExpressApplication, options: Pick<AppOptions, 'trustProxy' | 'corsOrigins'>): NestExpressApplication {
  assertEveryRouteDeclaresAccess(app);
  if (options.trustProxy) app.set('trust proxy', /^\d+$/.test(options.trustProxy) ? Number(options.trustProxy) : options.trustProxy);
  // Security headers; no upgrade-insecure-requests, so that /docs still works on http://localhost (TLS is the proxy's: README)
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (options.corsOrigins?.length) app.enableCors({ origin: options.corsOrigins, allowedHeaders: ['authorization', 'content-type', 'idempotency-key'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.use(requestLog());
  const docs = new DocumentBuilder()
    .setTitle('coop-ledger')
    .setDescription('Members, share capital and the legal register of a cooperative (SCIC, SCOP). Amounts are decimal strings.')
    .setVersion('0.1.0')
    .addBearerAuth()
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
