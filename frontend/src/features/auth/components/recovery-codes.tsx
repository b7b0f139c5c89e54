import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { CopyButton } from '@/components/copy-button';
import { downloadText } from '@/lib/clipboard';

/** The ten one-time recovery codes, shown once, to copy or download before going on. */
export function RecoveryCodes({
  codes,
  username,
  onContinue,
}: {
  codes: readonly string[];
  username: string;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  const text = codes.join('\n');
  const file = `${t('auth.enrol.fileHeader', { username })}\n\n${text}\n`;
  return (
    <Flex vertical gap="middle">
      <Alert type="success" showIcon message={t('auth.enrol.done')} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('auth.enrol.recoveryTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('auth.enrol.recoveryHint')}</Typography.Text>
      <ol className="teyi-recovery-codes" data-testid="recovery-codes" aria-label={t('auth.enrol.recoveryTitle')}>
        {codes.map((code) => (
          <li key={code}>
            <Typography.Text code>{code}</Typography.Text>
          </li>
        ))}
      </ol>
      <Flex gap="small" wrap>
        <CopyButton text={text} label={t('auth.enrol.copyAll')} />
        <Button icon={<DownloadOutlined />} onClick={() => downloadText(`teyi-recovery-codes-${username}.txt`, file)}>
          {t('auth.enrol.downloadTxt')}
        </Button>
      </Flex>
      <Button type="primary" onClick={onContinue}>
        {t('auth.enrol.continue')}
      </Button>
    </Flex>
  );
}
