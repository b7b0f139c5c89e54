import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

import { useWorkflowMessage } from '../model/use-workflow-message';

/** An error of a workflow call above the form or the buttons; a stale version offers a reload. */
export function WorkflowAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  const describe = useWorkflowMessage();
  if (error === null || error === undefined) return null;
  const { message, reload } = describe(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="workflow-error"
      message={message}
      action={
        reload && onReload ? (
          <Button size="small" onClick={onReload}>
            {t('applications.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}
