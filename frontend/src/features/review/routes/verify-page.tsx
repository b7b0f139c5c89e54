import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { problemOf } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

import { useVerifyLetter } from '../api/decisions';
import { OutcomeTag } from '../components/tags';

/** 决定书验证 (public, no sign-in): resolves the code printed on a decision letter. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const clean = code.trim().toUpperCase();
  const q = useVerifyLetter(clean);
  const v = q.data;
  const notFound = q.isError && problemOf(q.error)?.status === 404;
  return (
    <Card className="teyi-login-card" style={{ maxWidth: 640 }} title={<h1 className="teyi-page-title">{t('review.verify.title')}</h1>}>
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('review.verify.intro')}</Typography.Text>
        <Form
          layout="inline"
          initialValues={{ code: clean }}
          onFinish={(f: { code: string }) => void navigate(`/verify/${encodeURIComponent(f.code.trim().toUpperCase())}`)}
        >
          <Form.Item name="code" label={t('review.verify.code')} rules={[{ required: true, whitespace: true, message: t('review.verify.code') }]}>
            <Input autoFocus maxLength={40} className="tabular-nums" style={{ width: 240 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('review.verify.check')}
          </Button>
        </Form>
        {clean !== '' && q.isLoading && <Skeleton active />}
        {notFound && <Alert type="error" showIcon message={t('review.verify.notFound')} data-testid="verify-not-found" />}
        {q.isError && !notFound && <Alert type="error" showIcon message={problemOf(q.error)?.detail ?? t('common.loadFailed')} />}
        {v && (
          <Flex vertical gap={12} data-testid="verify-result">
            <Alert type="success" showIcon icon={<CheckCircleFilled />} message={t('review.verify.valid')} />
            <Descriptions size="small" bordered column={1}>
              <Descriptions.Item label={t('review.verify.code')}>
                <span className="tabular-nums">{v.code}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('review.verify.application')}>
                <span className="tabular-nums">{v.application_no}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('review.verify.hospital')}>{v.hospital_name}</Descriptions.Item>
              <Descriptions.Item label={t('review.verify.outcome')}>
                <OutcomeTag outcome={v.outcome} />
              </Descriptions.Item>
              <Descriptions.Item label={t('review.verify.final')}>{v.final ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('review.verify.decidedAt')}>{formatDateTime(v.decided_at)}</Descriptions.Item>
              <Descriptions.Item label={t('review.verify.sha256')}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                  {v.sha256}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('review.verify.sha256Hint')}
                  </Typography.Text>
                </div>
              </Descriptions.Item>
            </Descriptions>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
