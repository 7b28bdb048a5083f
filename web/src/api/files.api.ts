import { api } from './client.ts';

export type FileKind = 'image' | 'video' | 'document';
export type OwnerType = 'report' | 'notice' | 'campaign' | 'activity' | 'case';
export type AttachmentRole = 'photo' | 'video' | 'stamped_copy' | 'attachment' | 'original' | 'poster' | 'file';

export interface FileView {
  id: string;
  name: string;
  mimeType: string;
  kind: FileKind;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string | null;
  createdAt: string;
  url: string;
  thumbnailUrl: string | null;
}

export interface AttachmentView {
  id: number;
  ownerType: OwnerType;
  ownerId: number;
  role: AttachmentRole;
  caption: string | null;
  takenOn: string | null;
  sortOrder: number;
  createdAt: string;
  createdByName: string | null;
  file: FileView;
}

export const fileKeys = {
  all: ['attachments'] as const,
  owner: (ownerType: OwnerType, ownerId: number) => ['attachments', ownerType, ownerId] as const,
};

export function listAttachments(
  ownerType: OwnerType,
  ownerId: number,
): Promise<{ items: AttachmentView[]; canEdit: boolean }> {
  return api(`/api/attachments/${ownerType}/${ownerId}`);
}

export function attachFile(
  ownerType: OwnerType,
  ownerId: number,
  body: { role: AttachmentRole; fileId: string; caption?: string | null; takenOn?: string | null },
): Promise<AttachmentView> {
  return api(`/api/attachments/${ownerType}/${ownerId}`, { method: 'POST', body });
}

export function updateAttachment(
  id: number,
  body: { caption?: string | null; takenOn?: string | null },
): Promise<AttachmentView> {
  return api(`/api/attachments/${id}`, { method: 'PATCH', body });
}

export function deleteAttachment(id: number): Promise<void> {
  return api(`/api/attachments/${id}`, { method: 'DELETE' });
}

export function reorderAttachments(ownerType: OwnerType, ownerId: number, ids: number[]): Promise<AttachmentView[]> {
  return api(`/api/attachments/${ownerType}/${ownerId}/order`, { method: 'PUT', body: { ids } });
}

/** After the last byte: the server checks the content and answers the stored file. */
export function finishUpload(uploadId: string): Promise<FileView> {
  return api('/api/files', { method: 'POST', body: { uploadId } });
}

export const downloadUrl = (f: FileView): string => `${f.url}?download=1`;

export function formatSize(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
