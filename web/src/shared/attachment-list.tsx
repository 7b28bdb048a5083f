import { DeleteOutlined, DownloadOutlined, FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Image, Popconfirm, Space, Spin, Typography } from 'antd';
import { useCallback } from 'react';
import { errorMessage } from '../api/client.ts';
import {
  attachFile,
  deleteAttachment,
  downloadUrl,
  fileKeys,
  formatSize,
  listAttachments,
  updateAttachment,
  type AttachmentRole,
  type AttachmentView,
  type FileView,
  type OwnerType,
} from '../api/files.api.ts';
import { MediaUploader } from './media-uploader.tsx';

const L = {
  empty: '暂无文件',
  loadFailed: '附件加载失败',
  captionPlaceholder: '添加说明（如活动名称、地点）',
  noCaption: '（无说明）',
  editCaption: '修改说明',
  remove: '删除',
  removeConfirm: (name: string) => `确定删除“${name}”吗？`,
  removed: '已删除',
  cancel: '取消',
  download: '下载',
  added: (name: string) => `已上传“${name}”`,
};

const ACCEPT: Record<AttachmentRole, string> = {
  photo: 'image/jpeg,image/png,image/webp,image/gif',
  video: 'video/mp4,video/quicktime,video/webm,.mov,.m4v',
  stamped_copy: 'application/pdf,image/jpeg,image/png',
  poster: 'image/jpeg,image/png,image/webp',
  attachment: '.pdf,.doc,.docx,.xls,.xlsx,.txt,image/*,video/*',
  original: '.pdf,.docx,.doc,.txt',
  file: '.pdf,.doc,.docx,.xls,.xlsx,image/*,video/*',
};

/** The role a newly uploaded file takes among those shown: photos and videos by kind, else the first. */
function roleFor(roles: readonly AttachmentRole[], f: FileView): AttachmentRole {
  if (f.kind === 'video' && roles.includes('video')) return 'video';
  if (f.kind === 'image' && roles.includes('photo')) return 'photo';
  return roles[0] ?? 'attachment';
}

export interface AttachmentListProps {
  ownerType: OwnerType;
  ownerId: number;
  /** Which attachments to show (and what uploads become). */
  roles: readonly AttachmentRole[];
  /** false hides editing even where the server would allow it. */
  editable?: boolean;
  hint?: string;
  emptyText?: string;
  /** Only the attachments with this caption, and uploads take it (a part filed under its own label). */
  label?: string;
  'data-testid'?: string;
}

/** Thumbnails grid with captions, a video player, downloads, delete with confirmation, and the uploader. */
export function AttachmentList({
  ownerType,
  ownerId,
  roles,
  editable = true,
  hint,
  emptyText,
  label,
  'data-testid': testId,
}: AttachmentListProps) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = fileKeys.owner(ownerType, ownerId);
  const q = useQuery({ queryKey: key, queryFn: () => listAttachments(ownerType, ownerId) });
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: key }), [client, key]);
  const items = (q.data?.items ?? []).filter(
    (a) => roles.includes(a.role) && (label === undefined || a.caption === label),
  );
  const canEdit = editable && (q.data?.canEdit ?? false);

  const onUploaded = useCallback(
    async (f: FileView) => {
      await attachFile(ownerType, ownerId, { role: roleFor(roles, f), fileId: f.id, caption: label ?? null });
      message.success(L.added(f.name));
      await refresh();
    },
    [label, message, ownerId, ownerType, refresh, roles],
  );

  const saveCaption = async (a: AttachmentView, caption: string) => {
    if ((a.caption ?? '') === caption.trim()) return;
    try {
      await updateAttachment(a.id, { caption: caption.trim() || null });
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const remove = async (a: AttachmentView) => {
    try {
      await deleteAttachment(a.id);
      message.success(L.removed);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" showIcon title={`${L.loadFailed}：${errorMessage(q.error)}`} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      {items.length === 0 && !canEdit && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? L.empty} />
      )}
      {items.length > 0 && (
        <Image.PreviewGroup>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 12 }}>
            {items.map((a) => (
              <Card
                key={a.id}
                size="small"
                data-testid="attachment-card"
                cover={<Preview file={a.file} />}
                actions={[
                  <Button
                    key="dl"
                    type="link"
                    size="small"
                    icon={<DownloadOutlined />}
                    href={downloadUrl(a.file)}
                    aria-label={`${L.download} ${a.file.name}`}
                  >
                    {L.download}
                  </Button>,
                  ...(canEdit
                    ? [
                        <Popconfirm
                          key="rm"
                          title={L.removeConfirm(a.file.name)}
                          okText={L.remove}
                          okButtonProps={{ danger: true }}
                          cancelText={L.cancel}
                          onConfirm={() => remove(a)}
                        >
                          <Button
                            type="link"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={`${L.remove} ${a.file.name}`}
                          >
                            {L.remove}
                          </Button>
                        </Popconfirm>,
                      ]
                    : []),
                ]}
              >
                <Typography.Text
                  type="secondary"
                  ellipsis
                  style={{ display: 'block', fontSize: 12 }}
                  title={a.file.name}
                >
                  {a.file.name} · {formatSize(a.file.size)}
                </Typography.Text>
                {canEdit && label === undefined ? (
                  <Typography.Paragraph
                    style={{ marginBottom: 0 }}
                    data-testid="attachment-caption"
                    editable={{
                      tooltip: L.editCaption,
                      maxLength: 500,
                      onChange: (v) => {
                        void saveCaption(a, v);
                      },
                      text: a.caption ?? '',
                    }}
                  >
                    {a.caption ?? <Typography.Text type="secondary">{L.captionPlaceholder}</Typography.Text>}
                  </Typography.Paragraph>
                ) : (
                  <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="attachment-caption">
                    {a.caption ?? <Typography.Text type="secondary">{L.noCaption}</Typography.Text>}
                  </Typography.Paragraph>
                )}
              </Card>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      {canEdit && (
        <MediaUploader
          accept={roles.map((r) => ACCEPT[r]).join(',')}
          hint={hint}
          onUploaded={onUploaded}
          data-testid="media-uploader"
        />
      )}
    </Space>
  );
}

function Preview({ file }: { file: FileView }) {
  const box = { height: 150, width: '100%', objectFit: 'cover' as const, background: '#f5f5f5' };
  if (file.kind === 'image') {
    return <Image src={file.thumbnailUrl ?? file.url} alt={file.name} preview={{ src: file.url }} style={box} />;
  }
  if (file.kind === 'video') {
    // Streamed with range requests: the browser fetches what it plays.
    return (
      <video src={file.url} controls preload="metadata" style={{ ...box, background: '#000' }} aria-label={file.name} />
    );
  }
  return (
    <a
      href={file.url}
      target="_blank"
      rel="noreferrer"
      style={{ ...box, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 40 }}
      aria-label={file.name}
    >
      {file.mimeType === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />}
    </a>
  );
}
