import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Flex, Form, Progress, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isRegionUser, useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';
import { problemOf } from '@/lib/form-errors';
import { useMe } from '@/lib/session';

import {
  importErrorsHref,
  isFinal,
  TEMPLATE_HREF,
  useCaseImport,
  useCaseImports,
  useImportErrors,
  useUploadCaseImport,
} from '../api/case-imports';
import type { CaseImport, ImportStatus, RowError } from '../api/types';
import { HospitalFilter } from '../components/hospital-filter';

const ACCEPT = ['.csv', '.xlsx', '.json'];
const STATUS_COLOR: Record<ImportStatus, string> = {
  queued: 'default',
  running: 'processing',
  committed: 'green',
  rejected: 'red',
  failed: 'red',
};

function StatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`cases.import.statuses.${status}`)}</Tag>;
}

function ErrorsTable({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const errors = useImportErrors(importId, true);
  const columns: TableColumnsType<RowError & { i: number }> = [
    { title: t('cases.import.errLine'), dataIndex: 'line', width: 70, align: 'right' },
    { title: t('cases.import.errField'), dataIndex: 'field', width: 160, render: (v: string) => <Typography.Text code>{v || '—'}</Typography.Text> },
    { title: t('cases.import.errValue'), dataIndex: 'value', width: 200, ellipsis: true },
    { title: t('cases.import.errReason'), dataIndex: 'reason' },
  ];
  if (errors.isError) return <ProblemResult error={errors.error} onRetry={() => void errors.refetch()} />;
  return (
    <Table
      size="small"
      rowKey="i"
      loading={errors.isLoading}
      columns={columns}
      dataSource={(errors.data ?? []).slice(0, 100).map((e, i) => ({ ...e, i }))}
      pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
    />
  );
}

/** The progress of one import, then its outcome. */
function ImportProgress({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const query = useCaseImport(importId);
  const im = query.data;
  if (query.isError) return <ProblemResult error={query.error} onRetry={() => void query.refetch()} />;
  if (!im) return <Progress percent={0} />;
  const phase = (['validate', 'commit'].includes(im.phase) ? im.phase : '') as 'validate' | 'commit' | '';
  const done = isFinal(im.status);
  return (
    <Card size="small" title={`${t('cases.import.progress')} · ${im.file_name}`} extra={<StatusTag status={im.status} />} data-testid="import-progress">
      <Flex vertical gap={12}>
        <Progress
          percent={im.percent}
          status={im.status === 'committed' ? 'success' : im.status === 'rejected' || im.status === 'failed' ? 'exception' : 'active'}
        />
        <Typography.Text type="secondary">
          {t(`cases.import.phases.${phase}`)} · {t('cases.import.rows', { done: im.rows_done, total: im.rows_total || '…' })}
        </Typography.Text>
        {done && im.status === 'committed' && (
          <Alert
            type="success"
            showIcon
            data-testid="import-committed"
            message={t('cases.import.committed', { new: im.cases_new, replaced: im.cases_replaced })}
            action={<Link to="/cases">{t('cases.import.viewCases')}</Link>}
          />
        )}
        {done && im.status === 'rejected' && (
          <>
            <Alert
              type="error"
              showIcon
              message={t('cases.import.rejected', { count: im.error_count })}
              action={
                <Button size="small" icon={<DownloadOutlined />} href={importErrorsHref(im.id)} autoInsertSpace={false}>
                  {t('cases.import.errorReport')}
                </Button>
              }
            />
            <ErrorsTable importId={im.id} />
          </>
        )}
        {done && im.status === 'failed' && <Alert type="error" showIcon message={t('cases.import.failed', { message: im.message })} />}
      </Flex>
    </Card>
  );
}

function RecentImports() {
  const { t } = useTranslation();
  const imports = useCaseImports();
  const columns: TableColumnsType<CaseImport> = [
    { title: t('cases.import.createdAt'), dataIndex: 'created_at', width: 150, render: (v: string) => <span className="tabular-nums">{formatDateTime(v)}</span> },
    { title: t('cases.import.fileName'), dataIndex: 'file_name', ellipsis: true },
    { title: t('cases.list.hospital'), dataIndex: 'hospital_name', width: 180, ellipsis: true },
    { title: t('cases.import.source'), dataIndex: 'source', width: 90, render: (v: CaseImport['source']) => t(`cases.import.sources.${v}`) },
    { title: t('cases.import.status'), dataIndex: 'status', width: 90, render: (v: ImportStatus) => <StatusTag status={v} /> },
    {
      title: t('cases.import.counts'),
      key: 'counts',
      width: 170,
      render: (_, im) =>
        im.status === 'committed'
          ? t('cases.import.countsValue', { new: im.cases_new, replaced: im.cases_replaced })
          : im.status === 'rejected'
            ? t('cases.import.errorsValue', { count: im.error_count })
            : im.status === 'failed'
              ? im.message
              : `${im.percent}%`,
    },
    { title: '', key: 'open', width: 70, render: (_, im) => <Link to={`/cases/import?id=${encodeURIComponent(im.id)}`}>{t('cases.import.open')}</Link> },
  ];
  if (imports.isError) return <ProblemResult error={imports.error} onRetry={() => void imports.refetch()} />;
  return (
    <Card size="small" title={t('cases.import.recent')}>
      <Table
        size="small"
        rowKey="id"
        loading={imports.isLoading}
        columns={columns}
        dataSource={imports.data ?? []}
        pagination={false}
        locale={{ emptyText: t('cases.import.noImports') }}
      />
    </Card>
  );
}

/**
 * 病例导入: choose a file, upload it as the raw body, watch the job's progress
 * (the import's id stays in the address, so the page can be left and found
 * again), then its outcome; the recent imports below.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const regional = isRegionUser(useMe().data);
  const [search, setSearch] = useSearchParams();
  const importId = search.get('id') ?? undefined;
  const [file, setFile] = useState<File | undefined>();
  const [hospitalId, setHospitalId] = useState<string | undefined>();
  const [badType, setBadType] = useState(false);
  const upload = useUploadCaseImport();
  const problem = problemOf(upload.error);

  const start = () => {
    if (!file) return;
    upload.mutate(
      { file, hospitalId: regional ? hospitalId : undefined },
      {
        onSuccess: (im) => {
          setFile(undefined);
          setSearch({ id: im.id });
        },
      },
    );
  };

  return (
    <PageContainer
      title={<PageTitle>{t('cases.import.title')}</PageTitle>}
      content={t('cases.import.description')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('cases.import.templates')}</Typography.Text>
          <Button size="small" icon={<DownloadOutlined />} href={TEMPLATE_HREF.csv} autoInsertSpace={false}>
            {t('cases.import.templateCsv')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={TEMPLATE_HREF.xlsx} autoInsertSpace={false}>
            {t('cases.import.templateXlsx')}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={16}>
        {access.canUploadCaseImport && (
          <Card size="small">
            <Form layout="vertical" onFinish={start}>
              {regional && (
                <Form.Item label={t('cases.import.hospital')} extra={t('cases.import.hospitalHint')} required>
                  <HospitalFilter value={hospitalId} onChange={setHospitalId} style={{ maxWidth: 420 }} />
                </Form.Item>
              )}
              <Upload.Dragger
                accept={ACCEPT.join(',')}
                multiple={false}
                maxCount={1}
                fileList={file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done' }] : []}
                beforeUpload={(f) => {
                  const ok = ACCEPT.some((ext) => f.name.toLowerCase().endsWith(ext));
                  setBadType(!ok);
                  if (ok) setFile(f);
                  return Upload.LIST_IGNORE;
                }}
                onRemove={() => setFile(undefined)}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('cases.import.choose')}</p>
                <p className="ant-upload-hint">{t('cases.import.chooseHint')}</p>
              </Upload.Dragger>
              {badType && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('cases.import.badType')} />}
              {problem && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 8 }}
                  message={t('cases.import.uploadFailed')}
                  description={[problem.detail ?? problem.title, ...(problem.errors ?? []).map((e) => e.message)].join('；')}
                />
              )}
              <Button
                type="primary"
                htmlType="submit"
                style={{ marginTop: 12 }}
                disabled={!file || (regional && !hospitalId) || upload.isPending}
                autoInsertSpace={false}
              >
                {t('cases.import.start')}
              </Button>
            </Form>
          </Card>
        )}
        {importId && <ImportProgress key={importId} importId={importId} />}
        {access.canListCaseImports && <RecentImports />}
      </Flex>
    </PageContainer>
  );
}
