import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';
import { showProblemOnForm } from '@/lib/form-errors';

import { useCastVote } from '../api/expert';
import type { FeeLine, ReviewCase } from '../api/types';
import { CHOICES, useReviewLabels } from '../model/labels';
import { OTHER_KEY, categoryKey, isAmount, isWeight, lineDeduction, usedKeys, voteBody, type VoteValues } from '../model/vote';

/**
 * 投票: the choice, a rationale (required), for an item-based approval the
 * deductions (fee lines or an amount of a fee category, each with a
 * reason), for an adjusted standard the proposed weight or standard. The
 * vote is sealed: it is confirmed once and cannot be changed.
 */
export function VoteForm({ c }: { c: ReviewCase }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<VoteValues>();
  const cast = useCastVote();
  const [errors, setErrors] = useState<string[]>([]);
  const choice = Form.useWatch('choice', form);
  const deductions = Form.useWatch('deductions', form);
  const used = usedKeys(deductions);
  const lines = c.fees.items ?? [];
  // categories with fees in them (the amount is only looked at, never computed)
  const categories = (c.fees.categories ?? []).filter((x) => /[1-9]/.test(x.amount));

  const addLine = (key: string | undefined) => {
    const line = lines.find((x) => x.key === key);
    if (!line) return;
    form.setFieldValue('deductions', [...(form.getFieldValue('deductions') ?? []), lineDeduction(line)]);
  };
  const addAmount = (key: string | undefined) => {
    if (!key) return;
    const cat = categories.find((x) => categoryKey(x.code) === key);
    const label = cat ? `${cat.code} ${cat.name}` : t('review.vote.otherAmount');
    form.setFieldValue('deductions', [...(form.getFieldValue('deductions') ?? []), { key, label, amount: '', reason: '' }]);
  };

  const submit = (v: VoteValues) => {
    setErrors([]);
    modal.confirm({
      title: t('review.vote.confirmTitle'),
      content: t('review.vote.confirmEffect'),
      okText: t('review.vote.submit'),
      cancelText: t('common.cancel'),
      onOk: () =>
        cast.mutateAsync({ panelId: c.panel.id, body: voteBody(v) }).then(
          () => void message.success(t('review.vote.submitted')),
          (err: unknown) => {
            setErrors(showProblemOnForm(form, err, ['choice', 'rationale', 'deductions', 'proposed_weight', 'proposed_standard']));
          },
        ),
    });
  };

  const lineLabel = (x: FeeLine) => `${x.key.replace(/^line:/, '#')} ${x.code} ${x.name} ${formatMoney(x.amount)}`;
  return (
    <Card size="small" title={t('review.vote.title')} data-testid="vote-form">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ deductions: [] }}>
        <Form.Item name="choice" label={t('review.vote.choice')} rules={[{ required: true, message: t('review.vote.choiceRequired') }]}>
          <Radio.Group>
            <Flex vertical gap={8}>
              {CHOICES.map((ch) => (
                <Radio key={ch} value={ch} data-testid={`choice-${ch}`}>
                  <Flex vertical>
                    <span>{l.choice(ch)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`review.choiceHelp.${ch}`)}
                    </Typography.Text>
                  </Flex>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>

        {choice === 'APPROVE_ITEM_BASED' && (
          <Form.Item label={t('review.vote.deductions')} extra={t('review.vote.deductionsHint')}>
            <Flex vertical gap={8}>
              <Form.List name="deductions">
                {(fields, { remove }) =>
                  fields.map((field) => (
                    <Card key={field.key} size="small" data-testid="deduction-row">
                      <Row gutter={8} align="top">
                        <Form.Item name={[field.name, 'key']} hidden>
                          <Input />
                        </Form.Item>
                        <Col xs={24} md={8}>
                          <Form.Item
                            name={[field.name, 'label']}
                            label={t('review.vote.label')}
                            rules={[{ required: true, whitespace: true, message: t('review.vote.labelPlaceholder') }]}
                          >
                            <Input maxLength={200} placeholder={t('review.vote.labelPlaceholder')} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={5}>
                          <Form.Item
                            name={[field.name, 'amount']}
                            label={t('review.vote.amount')}
                            rules={[{ validator: (_, v: string) => (isAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('review.vote.amountInvalid')))) }]}
                          >
                            <Input inputMode="decimal" className="tabular-nums" aria-label={t('review.vote.amount')} />
                          </Form.Item>
                        </Col>
                        <Col xs={22} md={10}>
                          <Form.Item
                            name={[field.name, 'reason']}
                            label={t('review.vote.reason')}
                            rules={[{ required: true, whitespace: true, message: t('review.vote.reasonRequired') }]}
                          >
                            <Input.TextArea rows={1} autoSize maxLength={500} aria-label={t('review.vote.reason')} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={1}>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('review.vote.remove')}
                            onClick={() => remove(field.name)}
                            style={{ marginTop: 30 }}
                          />
                        </Col>
                      </Row>
                    </Card>
                  ))
                }
              </Form.List>
              <Space wrap>
                <Select
                  showSearch
                  style={{ width: 380 }}
                  placeholder={t('review.vote.addLine')}
                  // always empty: choosing adds a row
                  value={null}
                  onChange={(v: string) => addLine(v)}
                  optionFilterProp="label"
                  data-testid="deduction-line-select"
                  aria-label={t('review.vote.addLine')}
                  options={lines.map((x) => ({ value: x.key, label: lineLabel(x), disabled: used.has(x.key) }))}
                />
                <Select
                  style={{ width: 240 }}
                  placeholder={
                    <span>
                      <PlusOutlined /> {t('review.vote.addAmount')}
                    </span>
                  }
                  value={null}
                  onChange={(v: string) => addAmount(v)}
                  data-testid="deduction-amount-select"
                  aria-label={t('review.vote.addAmount')}
                  options={[
                    ...categories.map((x) => ({ value: categoryKey(x.code), label: `${x.code} ${x.name}`, disabled: used.has(categoryKey(x.code)) })),
                    { value: OTHER_KEY, label: t('review.vote.otherAmount'), disabled: used.has(OTHER_KEY) },
                  ]}
                />
              </Space>
            </Flex>
          </Form.Item>
        )}

        {choice === 'APPROVE_ADJUSTED_STANDARD' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="proposed_weight"
                label={t('review.vote.weight')}
                dependencies={['proposed_standard']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v: string | undefined) => {
                      const s = (getFieldValue('proposed_standard') as string | undefined)?.trim() ?? '';
                      if (!v?.trim() && !s) return Promise.reject(new Error(t('review.vote.adjustedRequired')));
                      if (v?.trim() && !isWeight(v)) return Promise.reject(new Error(t('review.vote.weightInvalid')));
                      return Promise.resolve();
                    },
                  }),
                ]}
              >
                <Input inputMode="decimal" className="tabular-nums" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="proposed_standard"
                label={t('review.vote.standard')}
                rules={[
                  {
                    validator: (_, v: string | undefined) =>
                      !v?.trim() || isAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('review.vote.amountInvalid'))),
                  },
                ]}
              >
                <Input inputMode="decimal" className="tabular-nums" />
              </Form.Item>
            </Col>
          </Row>
        )}

        <Form.Item
          name="rationale"
          label={t('review.vote.rationale')}
          rules={[{ required: true, whitespace: true, message: t('review.vote.rationaleRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('review.vote.rationalePlaceholder', { letter: c.panel.my_letter })} />
        </Form.Item>
        {errors.length > 0 && <Alert style={{ marginBottom: 12 }} type="error" showIcon message={errors.join('；')} />}
        <Button type="primary" htmlType="submit" loading={cast.isPending} data-testid="vote-submit">
          {t('review.vote.submit')}
        </Button>
      </Form>
    </Card>
  );
}
