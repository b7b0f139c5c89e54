import { SafetyCertificateOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { EMPTY } from '@/lib/format';
import { useLabels } from '@/lib/labels';
import { meQueryKey, useMe } from '@/lib/session';

import { ChangePasswordForm } from '../components/change-password-form';
import { TotpEnrolment } from '../components/totp-enrolment';

/** 个人设置: who I am, my password, my second factor. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const [enrolling, setEnrolling] = useState(false);

  if (me.data === undefined || me.data === null) {
    return (
      <PageContainer title={<PageTitle>{t('profile.title')}</PageTitle>} loading={me.isPending}>
        {me.isError && <ProblemResult error={me.error} onRetry={() => void me.refetch()} />}
      </PageContainer>
    );
  }
  const user = me.data;
  const affiliation = [user.hospital_name, user.region_name].filter((s) => s !== '').join(' · ');

  return (
    <PageContainer title={<PageTitle>{t('profile.title')}</PageTitle>} content={t('profile.description')}>
      <Flex vertical gap="middle">
        <Card title={t('profile.account')}>
          <Descriptions column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('profile.username')}>
              <Typography.Text code>{user.username}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('profile.displayName')}>{user.display_name}</Descriptions.Item>
            <Descriptions.Item label={t('profile.roles')}>
              <Space size={[4, 4]} wrap>
                {(user.roles ?? []).map((g) => (
                  <Tag key={`${g.role}:${g.id}`} color="blue">
                    {labels.role(g.role)}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('profile.affiliation')}>{affiliation || EMPTY}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={t('profile.password')} style={{ height: '100%' }}>
              <ChangePasswordForm onDone={() => void message.success(t('auth.changePassword.changed'))} />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card
              style={{ height: '100%' }}
              title={
                <Space>
                  <SafetyCertificateOutlined />
                  {t('profile.totp')}
                  {user.totp_enabled ? (
                    <Tag color="success">{t('profile.totpEnabled')}</Tag>
                  ) : (
                    <Tag>{t('profile.totpDisabled')}</Tag>
                  )}
                </Space>
              }
            >
              {enrolling ? (
                // Stays until the user has seen the recovery codes, even when a
                // refetch of /me already says the second factor is on.
                <div style={{ maxWidth: 560 }}>
                  <TotpEnrolment
                    username={user.username}
                    onDone={() => {
                      setEnrolling(false);
                      void queryClient.invalidateQueries({ queryKey: meQueryKey });
                    }}
                  />
                </div>
              ) : user.totp_enabled ? (
                <Typography.Text type="secondary">{t('profile.totpEnabledHint')}</Typography.Text>
              ) : (
                <Flex vertical gap="middle" align="flex-start">
                  <Typography.Text type="secondary">{t('profile.totpDisabledHint')}</Typography.Text>
                  <Button type="primary" onClick={() => setEnrolling(true)}>
                    {t('profile.enable')}
                  </Button>
                </Flex>
              )}
            </Card>
          </Col>
        </Row>
      </Flex>
    </PageContainer>
  );
}
