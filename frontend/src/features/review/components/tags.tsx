import { Space, Tag, Tooltip } from 'antd';

import type { Choice, DecisionStatus, MemberStatus, Outcome, PanelStatus } from '../api/types';
import { CHOICE_COLOURS, DECISION_COLOURS, MEMBER_COLOURS, OUTCOME_COLOURS, PANEL_COLOURS, useReviewLabels } from '../model/labels';

export function PanelStatusTag({ status }: { status: string }) {
  const l = useReviewLabels();
  return (
    <Tag color={PANEL_COLOURS[status as PanelStatus] ?? 'default'} data-testid="panel-status">
      {l.panelStatus(status)}
    </Tag>
  );
}

export function MemberStatusTag({ status }: { status: string }) {
  const l = useReviewLabels();
  return (
    <Tag color={MEMBER_COLOURS[status as MemberStatus] ?? 'default'} data-testid="member-status">
      {l.memberStatus(status)}
    </Tag>
  );
}

export function DecisionStatusTag({ status }: { status: string }) {
  const l = useReviewLabels();
  return (
    <Tag color={DECISION_COLOURS[status as DecisionStatus] ?? 'default'} data-testid="decision-status">
      {l.decisionStatus(status)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: string }) {
  const l = useReviewLabels();
  return (
    <Tag color={OUTCOME_COLOURS[outcome as Outcome] ?? 'default'} data-testid="decision-outcome">
      {l.outcome(outcome)}
    </Tag>
  );
}

export function ChoiceTag({ choice }: { choice: string }) {
  const l = useReviewLabels();
  return (
    <Tag color={CHOICE_COLOURS[choice as Choice] ?? 'default'} data-testid="vote-choice">
      {l.choice(choice)}
    </Tag>
  );
}

/** MDC codes as tags, with the category's name on hover. */
export function SpecialtyTags({ codes }: { codes: readonly string[] | null | undefined }) {
  const l = useReviewLabels();
  if (!codes || codes.length === 0) return <>—</>;
  return (
    <Space size={[2, 2]} wrap>
      {codes.map((c) => (
        <Tooltip key={c} title={l.mdcName(c)}>
          <Tag>{c}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** Application types (超长住院, 高额费用 …). */
export function TypeTags({ types }: { types: readonly string[] | null | undefined }) {
  const l = useReviewLabels();
  if (!types || types.length === 0) return <>—</>;
  return (
    <Space size={[2, 2]} wrap>
      {types.map((t) => (
        <Tag key={t} color="purple">
          {l.applicationType(t)}
        </Tag>
      ))}
    </Space>
  );
}
