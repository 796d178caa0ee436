import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser } from '../../common/auth/auth-user';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { Role } from '../../common/auth/role.enum';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Origin, type RequestOrigin } from '../../common/decorators/request-origin.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { PaginationQueryDto, type Page } from '../../common/dto/pagination.dto';
import { ApiErrors, ApiPageEnvelope } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { RecordAccessDto } from './dto/audit.dto';
import { RecordAccessService } from './record-access.service';

@ApiTags(ApiTag.RecordAccess)
@Controller('me/record-access')
export class RecordAccessController {
  constructor(private readonly recordAccess: RecordAccessService) {}

  @Get()
  @Auth(Role.Patient)
  @ClinicalRoute({ resource: 'record_access', action: 'list' })
  @ApiOperation({
    summary: 'Who accessed your medical record, newest first',
    description:
      'Every read, write and refused attempt on your record: who (a doctor by name, ' +
      "'Administrator' for an admin's break-glass access), what part, why (treatment, self, " +
      'break_glass) and whether it was allowed. Reading this list is recorded too.',
  })
  @ApiPageEnvelope(RecordAccessDto)
  @ApiErrors(400)
  @ResponseMessage('Record access')
  list(
    @CurrentUser() caller: AuthUser,
    @Query() query: PaginationQueryDto,
    @Origin() origin: RequestOrigin,
  ): Promise<Page<RecordAccessDto>> {
    return this.recordAccess.forPatient(caller.id, query, origin);
  }
}
