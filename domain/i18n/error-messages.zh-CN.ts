import type { ErrorDetails, ErrorKind } from '../errors/domain-error.ts';

interface Entry {
  kind: ErrorKind;
  message: (d: ErrorDetails) => string;
}

const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;

const TEXT_PLACES: Record<string, string> = { url: '网址', body: '提交的内容', header: '请求头', fileName: '文件名' };

/** Stable error codes (upper-snake English) with their Chinese messages. */
export const errorMessages = {
  VALIDATION_FAILED: {
    kind: 'invalid',
    message: (d) => `提交的数据不符合要求${d.summary ? `：${str(d.summary)}` : ''}`,
  },
  UNAUTHENTICATED: { kind: 'unauthenticated', message: () => '请先登录' },
  SESSION_EXPIRED: { kind: 'unauthenticated', message: () => '登录已超时，请重新登录' },
  INVALID_CREDENTIALS: { kind: 'unauthenticated', message: () => '用户名或密码错误' },
  ACCOUNT_LOCKED: {
    kind: 'locked',
    message: (d) =>
      `连续登录失败次数过多，账号已锁定，请于 ${str(d.retryAtLocal, '15 分钟')} 后重试，或联系单位管理员解锁`,
  },
  ACCOUNT_DISABLED: { kind: 'forbidden', message: () => '账号已停用，请联系单位管理员' },
  INVALID_TEXT: {
    kind: 'invalid',
    message: (d) =>
      `${TEXT_PLACES[str(d.where)] ?? '提交的数据'}中含有无法处理的字符（空字符或无效的 UTF-8 编码），请删除后重试`,
  },
  RATE_LIMITED: { kind: 'rate_limited', message: () => '请求过于频繁，请稍后再试' },
  CSRF_INVALID: { kind: 'forbidden', message: () => '页面已过期，请刷新后重试' },
  FORBIDDEN: { kind: 'forbidden', message: () => '您没有权限执行此操作' },
  METRICS_FORBIDDEN: { kind: 'forbidden', message: () => '监控指标只对 METRICS_ALLOW 中的地址开放' },
  RESTORE_TARGET_NOT_EMPTY: {
    kind: 'conflict',
    message: (d) => `恢复目标不是空的（${str(d.reason)}）：请恢复到新的数据目录或空数据库`,
  },
  BACKUP_INVALID: { kind: 'invalid', message: (d) => `备份文件无效：${str(d.reason)}` },
  BACKUP_MANIFEST_MISMATCH: {
    kind: 'invalid',
    message: (d) => `备份校验失败（${str(d.what)}），未写入任何数据`,
  },
  BACKUP_SCHEMA_MISMATCH: {
    kind: 'conflict',
    message: (d) => `数据库记录的迁移与本程序的迁移文件不一致（${str(d.migration)}），无法备份`,
  },
  NOT_READY: { kind: 'unavailable', message: (d) => `服务尚未就绪：${str(d.reason, '数据库不可用')}` },
  PASSWORD_CHANGE_REQUIRED: { kind: 'forbidden', message: () => '首次登录请先修改密码' },
  PASSWORD_TOO_WEAK: { kind: 'invalid', message: (d) => `密码不符合要求：${str(d.problems)}` },
  PASSWORD_WRONG: { kind: 'invalid', message: () => '当前密码不正确' },
  PASSWORD_REUSED: { kind: 'invalid', message: () => '新密码不能与当前密码相同' },
  NOT_FOUND: { kind: 'not_found', message: () => '请求的内容不存在' },
  CONFLICT: { kind: 'conflict', message: () => '数据与其他同时进行的操作冲突（如名称重复），请刷新后重试' },
  UNIT_NOT_FOUND: { kind: 'not_found', message: (d) => `单位不存在${d.id ? `（编号 ${str(d.id)}）` : ''}` },
  UNIT_NAME_TAKEN: { kind: 'conflict', message: (d) => `同一上级单位下已有名为“${str(d.name)}”的单位` },
  UNIT_ALIAS_TAKEN: { kind: 'conflict', message: (d) => `名称“${str(d.name)}”已被其他单位使用` },
  DIVISION_CODE_UNKNOWN: { kind: 'invalid', message: (d) => `行政区划代码“${str(d.code)}”不存在` },
  DIVISION_CODE_TAKEN: { kind: 'conflict', message: (d) => `行政区划代码“${str(d.code)}”已被“${str(d.unit)}”使用` },
  UNIT_MOVE_CYCLE: { kind: 'invalid', message: () => '不能把单位移动到它自己或它的下级单位之下' },
  UNIT_ROOT_IMMUTABLE: { kind: 'invalid', message: () => '顶级单位不能移动或停用' },
  UNIT_HAS_ACTIVE_CHILDREN: {
    kind: 'conflict',
    message: (d) => `该单位下还有 ${str(d.count)} 个在用的下级单位，请先处理下级单位`,
  },
  STALE_EDIT: {
    kind: 'conflict',
    message: (d) =>
      `该内容已被${d.by ? `“${str(d.by)}”` : '其他人'}${d.at ? `于 ${str(d.at)} ` : ''}修改，请刷新后重新编辑`,
  },
  USERNAME_TAKEN: { kind: 'conflict', message: (d) => `用户名“${str(d.username)}”已存在` },
  USER_NOT_FOUND: { kind: 'not_found', message: () => '用户不存在' },
  IMPORT_FAILED: { kind: 'invalid', message: (d) => `导入失败：${str(d.errorCount)} 行有错误，未导入任何数据` },
  FILE_UNREADABLE: { kind: 'invalid', message: (d) => `无法读取文件${d.reason ? `：${str(d.reason)}` : ''}` },
  ARCHIVE_TOO_LARGE: {
    kind: 'invalid',
    message: (d) =>
      `文件解压后过大或压缩比异常（上限 ${str(d.limit, '100 MB')}），疑似恶意构造的压缩文件，已拒绝。请检查文件后重新上传`,
  },
  PDF_TOO_LARGE: {
    kind: 'invalid',
    message: (d) =>
      d.pages
        ? `PDF 共 ${str(d.pages)} 页，超过 ${str(d.maxPages)} 页的上限，请拆分后再导入`
        : `PDF 中有超过 ${str(d.limit, '50 MB')} 的数据流，无法导入。请另存为普通 PDF 或 .docx 后再导入`,
  },
  FILE_TOO_COMPLEX: {
    kind: 'invalid',
    message: (d) =>
      d.reason === 'timeout'
        ? `文件解析超过 ${str(d.seconds, '20')} 秒仍未完成，已停止。请简化文件（如删除无关的工作表、图片）后重试`
        : `文件解析所需内存超过 ${str(d.memoryMb, '512')} MB，已停止。请简化文件后重试`,
  },
  PAYLOAD_TOO_LARGE: { kind: 'too_large', message: (d) => `上传内容过大${d.limit ? `（上限 ${str(d.limit)}）` : ''}` },
  AUDIT_CHAIN_BROKEN: {
    kind: 'conflict',
    message: (d) => `审计日志校验失败：第 ${str(d.chainNo)} 条（序号 ${str(d.seq)}）被篡改或缺失`,
  },
  CAMPAIGN_NOT_FOUND: { kind: 'not_found', message: () => '活动不存在' },
  CAMPAIGN_ARCHIVED: { kind: 'conflict', message: () => '该活动已归档，只能查看' },
  NOTICE_NOT_FOUND: { kind: 'not_found', message: () => '通知不存在' },
  NOTICE_DEADLINE_AFTER_PARENT: {
    kind: 'invalid',
    message: (d) =>
      d.part === 'letter'
        ? `转发函的截止日期（${str(d.deadline)}）不能晚于被转发通知的截止日期（${str(d.parentDeadline)}），请核对两份文件的截止日期`
        : `下级通知的截止日期不能晚于上级通知（${str(d.parentDeadline)}）`,
  },
  NOTICE_DOC_NUMBER_INVALID: {
    kind: 'invalid',
    message: (d) => `文号“${str(d.docNumber)}”格式不正确，应如“藏质标办〔2024〕2号”`,
  },
  NOTICE_DOC_NUMBER_TAKEN: { kind: 'conflict', message: (d) => `本单位已有文号为“${str(d.docNumber)}”的通知` },
  NOTICE_DATE_INVALID: { kind: 'invalid', message: (d) => `日期“${str(d.date)}”不存在` },
  NOTICE_RECIPIENTS_EMPTY: { kind: 'invalid', message: () => '请至少选择一个主送单位' },
  NOTICE_RECIPIENT_SELF: { kind: 'invalid', message: () => '主送单位不能包含发文单位自己' },
  NOTICE_RECIPIENT_OUT_OF_REACH: { kind: 'invalid', message: (d) => `“${str(d.name)}”不在本单位的下发范围内` },
  NOTICE_ISSUED_IMMUTABLE: { kind: 'conflict', message: () => '通知已印发，不能修改；如需更正请发布修订版' },
  NOTICE_NOT_ADDRESSED: { kind: 'forbidden', message: () => '该通知不是发给本单位的，不能转发' },
  NOTICE_ALREADY_FORWARDED: {
    kind: 'conflict',
    message: (d) => `本单位已转发过该通知（${str(d.title)}），确定要再发一份吗？`,
  },
  NOTICE_FORM_DROPPED: { kind: 'invalid', message: (d) => `下级通知必须沿用上级通知的统计表（${str(d.formCode)}）` },
  NOTICE_FORM_REQUIRED: {
    kind: 'invalid',
    message: () => '要求报送中勾选了统计表，请先选择要填报的统计表再下发',
  },
  NOTICE_CHANGE_NOTE_REQUIRED: { kind: 'invalid', message: () => '发布修订版须填写修订说明' },
  CAMPAIGN_NAME_TAKEN: { kind: 'conflict', message: (d) => `已有名为“${str(d.name)}”的活动` },
  FORM_NOT_FOUND: { kind: 'not_found', message: (d) => `统计表“${str(d.code)}”不存在` },
  REPORT_NOT_FOUND: { kind: 'not_found', message: () => '填报记录不存在' },
  REPORT_NOT_REQUIRED: { kind: 'invalid', message: () => '该通知没有要求报送材料，无需填报' },
  REPORT_NO_FORM: { kind: 'invalid', message: () => '该通知不要求填报统计表' },
  REPORT_PARTS_MISSING: {
    kind: 'invalid',
    message: (d) => `还缺少通知要求报送的材料：${str(d.missing)}，补齐后再提交`,
  },
  ROLLUP_EMPTY: {
    kind: 'conflict',
    message: (d) =>
      d.status === 'accepted' ? '尚无已通过审核的报表，暂无汇总可导出' : '尚无单位提交报表，暂无汇总可导出',
  },
  EXPORT_JOB_NOT_FOUND: { kind: 'not_found', message: () => '导出任务不存在或已被删除' },
  EXPORT_JOB_INTERRUPTED: { kind: 'conflict', message: () => '导出因服务重启而中断，请重新导出' },
  EXPORT_JOB_NOT_READY: {
    kind: 'conflict',
    message: (d) =>
      d.status === 'failed'
        ? '导出失败，请重新导出'
        : d.status === 'cancelled'
          ? '导出已取消'
          : '文件尚未生成完毕，请稍候',
  },
  REPORT_NOT_RECIPIENT: { kind: 'forbidden', message: () => '该通知不是发给本单位的，无需填报' },
  REPORT_FIGURES_LENGTH: {
    kind: 'invalid',
    message: (d) => `统计表应有 ${str(d.expected)} 项数据，收到 ${str(d.got)} 项`,
  },
  REPORT_INVALID: { kind: 'invalid', message: (d) => `统计表有 ${str(d.count)} 处错误，请修改后再提交` },
  REPORT_EXPLANATION_REQUIRED: { kind: 'invalid', message: (d) => `请填写情况说明后再提交：${str(d.rules)}` },
  REPORT_LOCKED: {
    kind: 'conflict',
    message: (d) => `该报表${str(d.status) === 'accepted' ? '已审核通过并锁定' : '已提交，等待审核'}，不能修改`,
  },
  REPORT_RETURN_REASON_REQUIRED: { kind: 'invalid', message: () => '退回时必须填写退回原因' },
  REPORT_FIGURE_COMMENT_INVALID: {
    kind: 'invalid',
    message: (d) =>
      d.tooLong
        ? `对“${str(d.label)}”的意见不能超过 ${str(d.max)} 个字`
        : `统计表中没有指标“${str(d.code)}”，不能对其填写意见`,
  },
  REPORT_DEADLINE_PASSED: {
    kind: 'forbidden',
    message: (d) => `已过截止日期（${str(d.deadline)}），发文单位设置了截止后不允许提交，请联系发文单位`,
  },
  REPORT_NOT_LOCKED: { kind: 'conflict', message: () => '该报表尚未审核通过，不需要申请解锁' },
  REPORT_UNLOCK_REASON_REQUIRED: { kind: 'invalid', message: () => '申请解锁时必须填写原因' },
  REPORT_UNLOCK_PENDING: {
    kind: 'conflict',
    message: (d) => `该报表已有待审批的解锁申请${d.at ? `（${str(d.at)} 提出）` : ''}，请等待发文单位处理`,
  },
  REPORT_UNLOCK_NOT_FOUND: { kind: 'not_found', message: () => '解锁申请不存在' },
  REPORT_UNLOCK_DECIDED: {
    kind: 'conflict',
    message: (d) => `该解锁申请已${str(d.status) === 'approved' ? '批准' : '驳回'}，不能重复处理`,
  },
  REPORT_UNLOCK_NOTE_REQUIRED: { kind: 'invalid', message: () => '驳回解锁申请时必须填写说明' },
  REPORT_BULK_EMPTY: { kind: 'invalid', message: () => '没有收到统计表文件，请选择一个或多个 .xlsx 文件' },
  REPORT_BULK_TOO_MANY: { kind: 'invalid', message: (d) => `一次最多导入 ${str(d.max)} 个单位的统计表，请分批导入` },

  // --- Statistics table as .xlsx (export / import back into a draft) ---
  REPORT_XLSX_WRONG_FORM: {
    kind: 'invalid',
    message: (d) => `这不是《${str(d.form)}》：找不到表中的栏目，请使用本系统导出的统计表，或保持栏目名称不变后再导入`,
  },
  REPORT_XLSX_WRONG_UNIT: {
    kind: 'invalid',
    message: (d) => `这是“${str(d.found)}”的统计表，不是“${str(d.expected)}”的，请确认后再导入`,
  },

  // --- Notice import (公文智能导入) ---
  NOTICE_FILE_UNSUPPORTED: {
    kind: 'invalid',
    message: (d) => str(d.reason, '无法读取该文件，请导入 .docx、带文字层的 .pdf 或 .txt 文件，或直接粘贴文字'),
  },
  NOTICE_TEXT_EMPTY: { kind: 'invalid', message: () => '没有可导入的文字，请粘贴通知全文或选择文件' },
  NOTICE_IMPORT_PARENT_REQUIRED: { kind: 'invalid', message: () => '转发或印发实施方案时，请选择收到的上级通知' },
  // 收文登记: a notice received outside the platform, recorded in its issuer's name.
  NOTICE_RECEIVED_DUPLICATE: {
    kind: 'conflict',
    message: (d) =>
      `${d.part === 'forwarded' ? '被转发的通知' : d.part === 'letter' ? '转发函' : '该通知'}已在系统中：《${str(d.title)}》（${str(d.docNumber, '无文号')}，${str(d.issuerName)}），不必重复登记${d.visible ? '。可打开该通知，或以它为上级继续' : '，但您无权查看，请联系发文单位'}`,
  },
  NOTICE_RECEIVED_ISSUER_NOT_SUPERIOR: {
    kind: 'forbidden',
    message: (d) => `只能以本单位上级单位的名义登记收文：“${str(d.name)}”不是${str(d.recorder, '本单位')}的上级单位`,
  },
  NOTICE_RECEIVED_NO_SUPERIOR: {
    kind: 'invalid',
    message: (d) => `${str(d.recorder, '本单位')}没有上级单位，无需登记收文，请直接新建通知`,
  },
  NOTICE_RECEIVED_PARENT_DRAFT: { kind: 'invalid', message: () => '所选的上级通知尚未印发，不能在其下登记转发函' },

  // --- Files, resumable uploads, attachments ---
  FILE_EMPTY: { kind: 'invalid', message: (d) => `文件“${str(d.name)}”是空文件（0 字节），请重新选择` },
  FILE_TOO_LARGE: {
    kind: 'too_large',
    message: (d) => `文件“${str(d.name)}”大小 ${str(d.size)}，超过${str(d.kindLabel, '文件')}上限 ${str(d.limit)}`,
  },
  FILE_TYPE_NOT_ALLOWED: {
    kind: 'invalid',
    message: (d) =>
      `不支持上传${d.ext ? ` .${str(d.ext)} ` : '该类型的'}文件“${str(d.name)}”；图片请用 JPG、PNG、WebP、GIF，视频请用 MP4、MOV、WebM，文档请用 PDF、Word、Excel`,
  },
  FILE_TYPE_MISMATCH: {
    kind: 'invalid',
    message: (d) =>
      `文件“${str(d.name)}”的内容是${str(d.actual, '无法识别的数据')}，与扩展名 .${str(d.ext)} 不符，请检查是否选错了文件`,
  },
  FILE_NOT_FOUND: { kind: 'not_found', message: () => '文件不存在或无权查看' },
  UPLOAD_NOT_FOUND: { kind: 'not_found', message: () => '上传任务不存在或已过期，请重新选择文件上传' },
  UPLOAD_INCOMPLETE: {
    kind: 'conflict',
    message: (d) => `文件尚未上传完整（已收到 ${str(d.offset)} / ${str(d.size)} 字节），请继续上传`,
  },
  ATTACHMENT_NOT_FOUND: { kind: 'not_found', message: () => '附件不存在' },
  ATTACHMENT_ROLE_INVALID: {
    kind: 'invalid',
    message: (d) =>
      `“${str(d.name)}”是${str(d.kindLabel)}，不能作为${str(d.roleLabel)}；${str(d.roleLabel)}须为${str(d.allowed)}`,
  },
  ATTACHMENT_TOO_MANY: { kind: 'invalid', message: (d) => `每项最多 ${str(d.max)} 个附件，请删除不需要的后再上传` },

  // --- Activities, typical cases, progress reports, digests ---
  NARRATIVE_NOT_FOUND: { kind: 'not_found', message: () => '该单位的活动登记、典型案例和进展情况不存在或尚未提交' },
  NARRATIVE_INVALID: { kind: 'invalid', message: (d) => narrativeProblem(str(d.problem), str(d.label)) },
  ACTIVITY_NOT_FOUND: { kind: 'not_found', message: () => '活动不存在' },
  CASE_NOT_FOUND: { kind: 'not_found', message: () => '典型案例不存在' },
  CASE_NOT_SUBMITTED: { kind: 'conflict', message: () => '该单位尚未提交，不能推荐上报其典型案例' },
  PROGRESS_NOT_FOUND: { kind: 'not_found', message: () => '进展情况不存在' },
} satisfies Record<string, Entry>;

function narrativeProblem(problem: string, label: string): string {
  switch (problem) {
    case 'required':
      return `请填写${label}`;
    case 'too_long':
      return `${label}过长，请精简`;
    case 'date_invalid':
      return `${label}不是有效的日期`;
    case 'date_order':
      return '结束日期不能早于开始日期';
    case 'date_out_of_range':
      return `${label}应在活动年度及其前后一年内`;
    case 'span_too_long':
      return '活动时间跨度不能超过一年';
    case 'participants_invalid':
      return '参与人数应为 0 到 1 亿之间的整数';
    case 'too_many':
      return `${label}最多填写 30 个`;
    default:
      return `${label}填写有误`;
  }
}

export type ErrorCode = keyof typeof errorMessages;
