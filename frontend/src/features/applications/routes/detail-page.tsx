import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Descriptions, Empty, Flex, List, Row, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';

import { useApplication, useApplicationOptions } from '../api/queries';
import type { ApplicationDetail } from '../api/types';
import { ActionBar } from '../components/action-bar';
import { Checklist, EvidenceCard } from '../components/evidence-panel';
import { StatusTag, TypeTags } from '../components/status-tag';
import { ReviewDecisionsPanel } from '../components/review-decisions-panel';
import { ThreadPanel } from '../components/thread-panel';
import { TimelinePanel } from '../components/timeline-panel';
import { WhatIfPanel } from '../components/what-if-panel';
import { reasonListOf, useApplicationLabels } from '../model/labels';

/** The states in which an application has (or had) panel decisions. */
const REVIEWED: readonly string[] = ['EXPERT_REVIEW', 'DECIDED', 'APPEALED', 'REGROUPED', 'SETTLED'];

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex vertical>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ fontSize: 18, fontWeight: 600 }}>{children}</span>
    </Flex>
  );
}

function Overview({ a }: { a: ApplicationDetail }) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const s = a.snapshot;
  const sc = a.screening;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Flex vertical gap={16}>
          <Card size="small" title={t('applications.detail.justification')}>
            {a.justification ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="justification">
                {a.justification}
              </Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('applications.detail.noJustification')}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('applications.detail.snapshot')} data-testid="snapshot">
            {s ? (
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('applications.detail.drg')}>{s.drg || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.weight')}>{s.weight || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.totalCost')}>
                  <span className="money">{formatMoney(s.total_cost)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.standard')}>
                  <span className="money">{formatMoney(s.payment_standard)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.costRatio')}>{s.cost_ratio || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.los')}>{t('applications.detail.losDays', { days: s.los })}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.drgPayment')}>
                  <span className="money">{formatMoney(s.drg_payment)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.fundPayment')}>
                  <span className="money">{formatMoney(s.fund_payment)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.submittedAt')}>{formatDateTime(s.at)}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.priceClass')}>{s.price_class || '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('applications.detail.noSnapshot')}</Typography.Text>
            )}
          </Card>
          {a.proposal && (
            <Card size="small" title={t('applications.detail.proposal')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('applications.detail.diagnoses')}>{(a.proposal.diagnoses ?? []).join('、') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('applications.detail.procedures')}>{(a.proposal.procedures ?? []).join('、') || '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {a.proposal?.what_if && <WhatIfPanel proposal={a.proposal} />}
        </Flex>
      </Col>
      <Col xs={24} xl={12}>
        <Flex vertical gap={16}>
          <Card size="small" title={t('applications.detail.screening')} data-testid="screening">
            {sc ? (
              <Flex vertical gap={8}>
                <Space size={[4, 4]} wrap>
                  {(sc.reasons ?? []).map((r) => (
                    <Tag key={r} color="volcano">
                      {l.screening(r)}
                    </Tag>
                  ))}
                </Space>
                <Descriptions size="small" column={2}>
                  <Descriptions.Item label={t('applications.detail.costRatio')}>{sc.cost_ratio || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('applications.detail.los')}>{t('applications.detail.losDays', { days: sc.los })}</Descriptions.Item>
                  <Descriptions.Item label={t('applications.detail.icuHours')}>{sc.icu_hours}</Descriptions.Item>
                  <Descriptions.Item label={t('applications.detail.ventHours')}>{sc.vent_hours}</Descriptions.Item>
                  <Descriptions.Item label={t('applications.detail.depts')}>{sc.dept_count}</Descriptions.Item>
                </Descriptions>
                <Typography.Text>
                  {t('applications.detail.matches')}：
                  {(sc.matches ?? []).length > 0 ? <TypeTags types={sc.matches} /> : t('applications.detail.noMatches')}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('applications.detail.noScreening')}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('applications.detail.checklist')}>
            <Checklist items={a.checklist ?? []} />
          </Card>
          <Card size="small" title={t('applications.detail.infoRequests')} data-testid="info-requests">
            {(a.info_requests ?? []).length === 0 ? (
              <Typography.Text type="secondary">{t('applications.detail.noInfoRequests')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={a.info_requests ?? []}
                renderItem={(r) => (
                  <List.Item key={r.id}>
                    <Flex vertical gap={2}>
                      <Space wrap>
                        <Typography.Text strong>{l.reason(r.reason_code, reasonListOf('request_info'))}</Typography.Text>
                        {r.answered_at ? (
                          <Tag color="green">{t('applications.detail.answered')}</Tag>
                        ) : r.expired_at ? (
                          <Tag color="red">{t('applications.detail.expired')}</Tag>
                        ) : (
                          <Tag color="orange">{t('applications.detail.open')}</Tag>
                        )}
                        <Typography.Text type="secondary">{t('applications.detail.dueOn', { date: formatDate(r.due_on) })}</Typography.Text>
                      </Space>
                      {r.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.note}</Typography.Text>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(r.requested_at)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}

/**
 * 申请详情: what it is (number, state, types, key figures), where it is
 * (hospital, case, reviewer, deadlines) and what the caller may do now (the
 * server's actions); tabs for the overview, evidence, thread and timeline.
 */
export default function ApplicationDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const access = useAccess();
  const query = useApplication(id);
  const options = useApplicationOptions();
  const a = query.data;

  if (query.isError) {
    return (
      <PageContainer title={<PageTitle>{t('applications.detailTitle')}</PageTitle>}>
        <ProblemResult error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </PageContainer>
    );
  }
  if (a === undefined) {
    return (
      <PageContainer title={<PageTitle>{t('applications.detailTitle')}</PageTitle>}>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }
  const actions = a.actions ?? [];
  const editable = actions.includes('edit');
  const replying = actions.includes('reply');
  // After a decision the hospital may add new evidence (a supplement) for its appeal.
  const appealing = access.canAppealReviewDecision && (a.status === 'DECIDED' || a.status === 'APPEALED');
  const canUpload = access.canUploadApplicationEvidence && ((editable && !a.evidence_frozen) || replying || appealing);
  const reviewed = access.canListApplicationDecisions && REVIEWED.includes(a.status);
  const files = a.evidence ?? [];
  const evidenceFiles = files.filter((f) => f.purpose !== 'attachment');
  const reload = () => void query.refetch();
  return (
    <PageContainer
      title={
        <PageTitle>
          {t('applications.detailTitle')} <span className="tabular-nums">{a.no}</span>
        </PageTitle>
      }
      subTitle={
        <Space size={4} wrap>
          <StatusTag status={a.status} />
          <TypeTags types={a.types} />
          {a.escalated && <Tag color="red">{t('applications.escalated')}</Tag>}
        </Space>
      }
      extra={<Link to="/applications">{t('applications.back')}</Link>}
      content={
        <Flex vertical gap={12}>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={t('applications.detail.hospital')}>{a.hospital_name}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.case')}>
              {access.canGetCase ? (
                <Link to={`/cases/${a.case_id}`} data-testid="case-link">
                  <span className="tabular-nums">{a.settlement_id}</span>
                </Link>
              ) : (
                <span className="tabular-nums">{a.settlement_id}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.discharged')}>{formatDate(a.discharged_on)}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.createdBy')}>{a.created_by_name}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.assigned')}>{a.assigned_name || t('applications.detail.unassigned')}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.submittedAt')}>{formatDateTime(a.submitted_at)}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.intakeDue')}>{formatDate(a.intake_due)}</Descriptions.Item>
            <Descriptions.Item label={t('applications.detail.quotaPeriod')}>{a.quota_period || '—'}</Descriptions.Item>
          </Descriptions>
          <Flex gap={32} wrap>
            <Figure label={t('applications.detail.claimed')}>
              <span className="money">{formatMoney(a.claimed_amount)}</span>
            </Figure>
            {a.snapshot && (
              <>
                <Figure label="DRG">
                  <span className="tabular-nums">{a.snapshot.drg || '—'}</span>
                </Figure>
                <Figure label={t('applications.detail.standard')}>
                  <span className="money">{formatMoney(a.snapshot.payment_standard)}</span>
                </Figure>
                <Figure label={t('applications.detail.costRatio')}>
                  <span className="tabular-nums">{a.snapshot.cost_ratio || '—'}</span>
                </Figure>
              </>
            )}
          </Flex>
          {access.canTransitionApplication && <ActionBar id={a.id} version={a.version} actions={actions} onReload={reload} />}
        </Flex>
      }
    >
      <Tabs
        defaultActiveKey={a.status === 'DECIDED' && reviewed ? 'decisions' : 'overview'}
        items={[
          { key: 'overview', label: t('applications.detail.tabs.overview'), children: <Overview a={a} /> },
          {
            key: 'evidence',
            label: `${t('applications.detail.tabs.evidence')} (${evidenceFiles.length})`,
            children: (
              <EvidenceCard
                id={a.id}
                files={files}
                kinds={options.data?.evidence_kinds ?? ['other']}
                frozen={a.evidence_frozen}
                canUpload={canUpload}
                canRemove={access.canRemoveApplicationEvidence && editable}
              />
            ),
          },
          ...(reviewed
            ? [{ key: 'decisions', label: t('review.hospital.title'), children: <ReviewDecisionsPanel applicationId={a.id} status={a.status} /> }]
            : []),
          {
            key: 'thread',
            label: t('applications.detail.tabs.thread'),
            children: (
              <ThreadPanel id={a.id} files={files} canPost={access.canPostApplicationMessage} canUpload={access.canUploadApplicationEvidence} />
            ),
          },
          {
            key: 'timeline',
            label: t('applications.detail.tabs.timeline'),
            children: (a.timeline ?? []).length > 0 ? <TimelinePanel events={a.timeline ?? []} /> : <Empty />,
          },
        ]}
      />
    </PageContainer>
  );
}
