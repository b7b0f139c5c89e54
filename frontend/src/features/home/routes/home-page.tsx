import { PageContainer } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';

import { TodoList } from '../components/todo-list';

/** 工作台: the user's to-do list, per role. */
export default function HomePage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={<PageTitle>{t('home.title')}</PageTitle>}>
      <TodoList />
    </PageContainer>
  );
}
