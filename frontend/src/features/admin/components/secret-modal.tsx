import { Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { OneTimeSecret } from '@/components/one-time-secret';

/** A dialog that shows a one-time secret (temporary password, token) once. */
export function SecretModal({
  open,
  title,
  hint,
  label,
  value,
  testId,
  onClose,
}: {
  open: boolean;
  title: string;
  hint: string;
  label: string;
  value: string;
  testId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
    >
      <Flex vertical gap="middle">
        <Typography.Text>{hint}</Typography.Text>
        <OneTimeSecret label={label} value={value} testId={testId} />
      </Flex>
    </Modal>
  );
}
