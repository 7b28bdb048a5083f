import { ArrowLeftOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, Row, Segmented, Space, Spin, Steps, Typography, Upload } from 'antd';
import type { FormInstance } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { CreateDialog, type ImportParts } from './create-dialog.tsx';
import { valuesFromParsed, type DraftValues } from './draft-model.ts';
import { DraftForm } from './draft-form.tsx';
import { NOTICE_FILE_MAX_MB, parseFile, parseText, type ParseResult, type ParsedNotice } from './notice-import.api.ts';
import { FieldLegend, SourceText, type ActiveField } from './source-text.tsx';

const t = messages.noticeImport;

interface Parsed {
  result: ParseResult;
  fileName: string | null;
}

/** Step 1: a file dropped or text pasted; the server parses it. */
function SourceInput({ onParsed }: { onParsed: (p: Parsed) => void }) {
  const { csrfToken } = useSession();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  async function run(label: string, parse: (signal: AbortSignal) => Promise<ParseResult>, fileName: string | null) {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setError(null);
    setBusy(label);
    try {
      onParsed({ result: await parse(c.signal), fileName });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(errorMessage(e));
    } finally {
      if (controller.current === c) setBusy(null);
    }
  }

  function onFile(file: File) {
    // Any type goes to the server, which says what a .doc, .wps, .ofd or scanned PDF is and what to do.
    if (file.size > NOTICE_FILE_MAX_MB * 1024 * 1024) {
      setError(t.tooLarge);
      return;
    }
    void run(file.name, (signal) => parseFile(file, csrfToken, signal), file.name);
  }

  return (
    <Spin spinning={busy !== null} description={busy ? `${t.parsing}（${busy}）` : undefined}>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Upload.Dragger
            accept=".docx,.pdf,.txt"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              onFile(file);
              return false;
            }}
            style={{ padding: 16 }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t.dropHint}</p>
            <p className="ant-upload-hint">{t.dropTypes}</p>
          </Upload.Dragger>
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Text strong>{t.pasteLabel}</Typography.Text>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t.pastePlaceholder}
            aria-label={t.pasteLabel}
            autoSize={{ minRows: 8, maxRows: 16 }}
            style={{ marginTop: 8 }}
            maxLength={200_000}
          />
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={busy === t.fromPaste}
            onClick={() => {
              if (text.trim()) void run(t.fromPaste, (signal) => parseText(text, signal), null);
              else setError(t.pasteEmpty);
            }}
          >
            {t.parse}
          </Button>
        </Col>
      </Row>
    </Spin>
  );
}

/** 转发: the letter itself, or the notice it forwards (when its text is included). */
type Part = 'letter' | 'forwarded';

/** Step 2: the source text with its fields marked, beside the editable draft. */
function Review({ parsed, onRestart }: { parsed: Parsed; onRestart: () => void }) {
  const [letterForm] = Form.useForm<DraftValues>();
  // Each part has its own form, so its edits stay while the other one is shown.
  const [forwardedForm] = Form.useForm<DraftValues>();
  const [active, setActive] = useState<ActiveField | null>(null);
  const [creating, setCreating] = useState(false);
  const [part, setPart] = useState<Part>('letter');
  const form = part === 'forwarded' ? forwardedForm : letterForm;
  const { result, fileName } = parsed;
  const forwarded = result.parsed.forwarded;
  const shown = part === 'forwarded' && forwarded ? forwarded : result.parsed;
  const highlights = part === 'forwarded' ? (result.forwardedHighlights ?? []) : result.highlights;
  const initial = useMemo(() => valuesFromParsed(shown), [shown]);
  const fields = useMemo(() => [...new Set(highlights.map((h) => h.field))], [highlights]);

  function switchTo(next: Part) {
    setPart(next);
    // The forwarded notice starts further down the source: bring its title into view.
    setActive({ field: 'title' });
  }

  async function values(): Promise<DraftValues | null> {
    try {
      await form.validateFields();
      return form.getFieldsValue(true) as DraftValues;
    } catch {
      setCreating(false);
      return null;
    }
  }

  // 登记收文 of a 转发 letter takes both parts, the one not on screen as last edited (or as parsed).
  const parts = useMemo((): ImportParts => {
    const partValues = (f: FormInstance<DraftValues>, p: ParsedNotice): DraftValues => {
      const v = f.getFieldsValue(true) as Partial<DraftValues>;
      return v.title === undefined ? valuesFromParsed(p) : { ...valuesFromParsed(p), ...v };
    };
    const withTitle = (v: DraftValues): DraftValues | null => (v.title.trim() ? v : null);
    return {
      current: values,
      letter: () => withTitle(partValues(letterForm, result.parsed)),
      ...(forwarded && {
        forwarded: () => withTitle(partValues(forwardedForm, forwarded)),
        forwardedTitle: forwarded.title ?? t.forwardedUntitled,
      }),
      written: () => ({
        current: (part === 'forwarded' && forwarded
          ? partValues(forwardedForm, forwarded)
          : partValues(letterForm, result.parsed)
        ).issuer,
        letter: partValues(letterForm, result.parsed).issuer,
        forwarded: forwarded ? partValues(forwardedForm, forwarded).issuer : null,
      }),
    };
    // values() reads the form on screen, which `part` decides.
  }, [part, letterForm, forwardedForm, result.parsed, forwarded]);

  return (
    <>
      <Steps current={creating ? 2 : 1} items={t.steps.map((title) => ({ title }))} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} xl={11}>
          <div style={{ position: 'sticky', top: 16 }}>
            <Space style={{ marginBottom: 8 }} wrap>
              <Typography.Text strong>{t.sourceTitle}</Typography.Text>
              <Typography.Text type="secondary">{fileName ? t.fromFile(fileName) : t.fromPaste}</Typography.Text>
            </Space>
            <FieldLegend fields={fields} />
            <SourceText text={result.text} highlights={highlights} active={active} onPick={setActive} />
          </div>
        </Col>
        <Col xs={24} xl={13}>
          <Typography.Text strong>{t.draftTitle}</Typography.Text>
          {forwarded && (
            <Alert
              type="info"
              showIcon
              style={{ margin: '8px 0' }}
              data-testid="import-forwarded"
              title={
                part === 'letter'
                  ? t.forwardedInfo(forwarded.title ?? t.forwardedUntitled)
                  : t.forwardedShown(forwarded.title ?? t.forwardedUntitled)
              }
              description={
                <Segmented<Part>
                  value={part}
                  onChange={switchTo}
                  aria-label={t.partLabel}
                  options={[
                    { value: 'letter', label: t.parts.letter },
                    { value: 'forwarded', label: t.parts.forwarded },
                  ]}
                />
              }
            />
          )}
          <div style={{ marginTop: 8 }}>
            <DraftForm
              key={part}
              form={form}
              initial={initial}
              onPick={setActive}
              evidence={part === 'letter' && result.confidence ? result : undefined}
            />
          </div>
          <Space
            style={{
              position: 'sticky',
              bottom: 0,
              background: '#fff',
              padding: '12px 0',
              width: '100%',
              borderTop: '1px solid #f0f0f0',
            }}
          >
            <Button
              type="primary"
              onClick={() => {
                void form.validateFields().then(
                  () => setCreating(true),
                  () => undefined,
                );
              }}
            >
              {t.next}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={onRestart}>
              {t.reparse}
            </Button>
          </Space>
        </Col>
      </Row>
      <CreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        parts={parts}
        fileName={fileName}
        sourceFileId={result.fileId}
      />
    </>
  );
}

export default function NoticeImportPage() {
  const navigate = useNavigate();
  const [parsed, setParsed] = useState<Parsed | null>(null);
  return (
    <Card
      title={t.title}
      data-testid="notice-import"
      extra={
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => {
            void navigate('/notices');
          }}
        >
          {t.back}
        </Button>
      }
    >
      {parsed ? (
        <Review key={parsed.result.text} parsed={parsed} onRestart={() => setParsed(null)} />
      ) : (
        <>
          <Steps current={0} items={t.steps.map((title) => ({ title }))} style={{ marginBottom: 16 }} />
          <SourceInput onParsed={setParsed} />
        </>
      )}
    </Card>
  );
}
