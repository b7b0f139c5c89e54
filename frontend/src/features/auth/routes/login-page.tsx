import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';

import { ProblemResult } from '@/components/problem-result';
import { refreshMe, useLogout, useMe } from '@/lib/session';

import { ChangePasswordForm } from '../components/change-password-form';
import { PasswordStep } from '../components/password-step';
import { TotpEnrolment } from '../components/totp-enrolment';
import { TotpStep } from '../components/totp-step';
import { safeRedirect, stepOf, type SignInStep } from '../sign-in';

/**
 * 登录: password, then whatever the server asks next — the TOTP code, setting
 * up an authenticator, a new password — and finally the page the user came
 * for. Reloading mid-way resumes at the step the session is in.
 */
export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const redirect = safeRedirect(search.get('redirect'));
  const logout = useLogout();

  // Set once the user has acted here; until then the session's state decides.
  const [step, setStep] = useState<SignInStep | null>(null);
  const [password, setPassword] = useState<string>();
  const [finishing, setFinishing] = useState(false);
  const [resumeError, setResumeError] = useState<unknown>();

  // Asks the server where sign-in stands now and goes there.
  const resume = async () => {
    setResumeError(undefined);
    setFinishing(true);
    try {
      const fresh = await refreshMe(queryClient);
      const next = stepOf(fresh);
      if (next === 'done') {
        void navigate(redirect, { replace: true });
        return;
      }
      setStep(next);
    } catch (err) {
      setResumeError(err);
    }
    setFinishing(false);
  };

  // Each step's answer says what comes next; GET /me confirms it and brings
  // the user's name and roles along, which the next step and the shell need.
  const advance = () => void resume();

  const startOver = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        setPassword(undefined);
        setStep('password');
      },
    });
  };

  if (me.isPending) {
    return (
      <Flex justify="center" role="status" aria-label={t('auth.checking')} style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (me.isError && step === null) {
    return <ProblemResult error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;
  }

  const current = step ?? stepOf(me.data);
  if (current === 'done') {
    return <Navigate to={redirect} replace />;
  }

  let title: string;
  let body;
  switch (current) {
    case 'password':
      title = t('auth.login.title');
      body = (
        <PasswordStep
          onNext={(_next, typed) => {
            setPassword(typed);
            advance();
          }}
        />
      );
      break;
    case 'totp':
      title = t('auth.totp.title');
      body = <TotpStep onNext={advance} />;
      break;
    case 'enrol_totp':
      title = t('auth.enrol.title');
      body = (
        <Flex vertical gap="middle">
          <Alert type="info" showIcon message={t('auth.enrol.required')} />
          <TotpEnrolment username={me.data?.username ?? ''} onDone={() => void resume()} />
        </Flex>
      );
      break;
    case 'change_password':
      title = t('auth.changePassword.title');
      body = (
        <Flex vertical gap="middle">
          <Typography.Text type="secondary">{t('auth.changePassword.firstLogin')}</Typography.Text>
          <ChangePasswordForm
            size="large"
            currentPassword={password}
            submitLabel={t('auth.changePassword.submitContinue')}
            onDone={() => void resume()}
          />
        </Flex>
      );
      break;
  }

  return (
    <Card className="teyi-login-card" data-step={current}>
      <Spin spinning={finishing} tip={t('auth.redirecting')}>
        <Flex vertical gap="middle">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {resumeError !== undefined && <ProblemResult error={resumeError} onRetry={() => void resume()} />}
          {body}
          {current !== 'password' && (
            <Button type="link" onClick={startOver} loading={logout.isPending} style={{ alignSelf: 'center' }}>
              {t('auth.backToLogin')}
            </Button>
          )}
        </Flex>
      </Spin>
    </Card>
  );
}
