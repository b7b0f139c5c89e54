import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const ROLE_TODOS = ['clinician', 'hospitalOffice', 'bureauReviewer', 'expert', 'bureauAdmin'] as const;

/** Stands in for the per-role to-do cards until capabilities register theirs. */
export function TodoPlaceholder() {
  const { t } = useTranslation();
  return (
    <Card title={t('home.todoTitle')}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.todoEmpty')} />
      <Typography.Paragraph>{t('home.todoIntro')}</Typography.Paragraph>
      <ul>
        {ROLE_TODOS.map((role) => (
          <li key={role}>
            <Typography.Text>{t(`home.todoRoles.${role}`)}</Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}
