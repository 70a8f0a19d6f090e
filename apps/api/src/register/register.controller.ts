import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import type { Response } from 'express';
import { RegisterService, csvLine, type RegisterStream } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { RegisterQueryDto } from './dto/register-query.dto';

@ApiTags('register')
@Controller('api/cooperatives/:cooperativeId/register')
export class RegisterController {
  constructor(private readonly register: RegisterService) {}

  /** The chronological register of movements, as of a date. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @Access.cooperative('register.read')
  async movements(@Ctx() ctx: CooperativeContext, @Query() q: RegisterQueryDto, @Res() res: Response) {
    await send(res, await this.register.movements(ctx, q.asOf), q, 'movements');
  }

  /** The members and their holdings, as of a date. */
  @Get('members')
  @ApiProduces('application/json', 'text/csv')
  @Access.cooperative('register.read')
  async members(@Ctx() ctx: CooperativeContext, @Query() q: RegisterQueryDto, @Res() res: Response) {
    await send(res, await this.register.members(ctx, q.asOf), q, 'members');
  }
}

/** Writes rows as they come, waiting when the client reads slower than the database (back-pressure). */
async function send(res: Response, register: RegisterStream, q: RegisterQueryDto, name: string): Promise<void> {
  const csv = q.format === 'csv';
  res.status(200);
  res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  if (csv) res.setHeader('Content-Disposition', `attachment; filename="register-${name}${q.asOf ? `-${q.asOf}` : ''}.csv"`);
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  };
  let closed = false;
  res.once('close', () => (closed = true));
  await write(csv ? '\uFEFF' + csvLine(register.columns) : `{"asOf":${JSON.stringify(q.asOf ?? null)},"items":[`);
  let first = true;
  let buffer = '';
  for await (const row of register.rows) {
    if (closed) break;
    buffer += csv ? csvLine(register.columns.map((c) => row[c])) : (first ? '' : ',') + JSON.stringify(row);
    first = false;
    if (buffer.length > 64 * 1024) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer + (csv ? '' : ']}'));
  res.end();
}
