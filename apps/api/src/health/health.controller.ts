import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Access } from '../common/access.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Access.public()
  async check() {
    const started = Date.now();
    try {
      const [{ version }] = await this.db.query("SELECT current_setting('server_version') AS version");
      return { status: 'ok', database: { status: 'up', version, latencyMs: Date.now() - started } };
    } catch {
      throw new ServiceUnavailableException('the database does not answer');
    }
  }
}
