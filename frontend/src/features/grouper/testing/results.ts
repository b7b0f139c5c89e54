import type { GroupResult } from '../api/types';

/** The pulmonary-embolism case as the real server groups it (chs-drg-1.1). */
export const result: GroupResult = {
  status: 'grouped',
  status_label: '分组成功',
  mdc: 'MDCE',
  mdc_name: '呼吸系统疾病及功能障碍',
  adrg: 'ER2',
  adrg_name: '肺栓塞',
  drg: 'ER25',
  drg_name: '肺栓塞，不伴并发症或合并症',
  comorbidity: 'none',
  excluded: [],
  trace: [
    { stage: 'validate', rule: 'ok' },
    { stage: 'mdc', code: 'MDCA', name: '先期分组疾病及相关操作', rule: 'ppx-valid', by: '39.7900x038', source: '0_PLAN.txt:32' },
    { stage: 'mdc_no_adrg', code: 'MDCA', name: '先期分组疾病及相关操作' },
    { stage: 'mdc', code: 'MDCE', name: '呼吸系统疾病及功能障碍', rule: 'pdx', by: 'I26.900x005', source: 'MDC/MDCE.dat:1' },
    { stage: 'adrg', code: 'ER2', name: '肺栓塞', rule: 'pdx', by: 'I26.900x005', source: '4_ADRG_DETAIL.txt:19932' },
    { stage: 'drg', code: 'ER25', name: '肺栓塞，不伴并发症或合并症', rule: 'always', source: '3_DRG.txt:127' },
  ],
  plan: 'chs-drg-1.1',
  plan_digest: '26a27e7fd6bc0dfb',
  engine: 'teyi-grouper/1.0.0',
};

/** The nerve-surgery case: split by a CC, with one CC removed by the exclusion table. */
export const ccResult: GroupResult = {
  ...result,
  mdc: 'MDCI',
  mdc_name: '肌肉、骨骼疾病及功能障碍',
  adrg: 'IG1',
  adrg_name: '周围神经手术',
  drg: 'IG13',
  drg_name: '周围神经手术，伴并发症或合并症',
  comorbidity: 'cc',
  split_by: { code: 'D48.700', name: '动态未定或动态未知的肿瘤,其他特指部位的', kind: 'cc', table: '表 7-38' },
  excluded: [{ code: 'M84.100', name: '骨折不连接[假关节]', kind: 'cc', table: '表 7-12' }],
  trace: [
    { stage: 'validate', rule: 'ok' },
    { stage: 'mdc', code: 'MDCI', name: '肌肉、骨骼疾病及功能障碍', rule: 'pdx', by: 'M84.000x063', source: 'MDC/MDCI.dat:1' },
    { stage: 'adrg', code: 'IG1', name: '周围神经手术', rule: 'ppx', by: '04.3x03', source: '4_ADRG_DETAIL.txt:39885' },
    { stage: 'drg', code: 'IG13', name: '周围神经手术，伴并发症或合并症', rule: 'cc', by: 'D48.700', source: '3_DRG.txt:318' },
  ],
};

/** What the server answers when the age is missing. */
export const ageMissing: GroupResult = {
  status: 'validation_failed',
  status_label: '信息校验不通过',
  reason: 'age is missing',
  detail: 'age',
  comorbidity: 'none',
  excluded: [],
  trace: [{ stage: 'validate', rule: 'age is missing', by: 'age' }],
  plan: 'chs-drg-1.1',
  plan_digest: '26a27e7fd6bc0dfb',
  engine: 'teyi-grouper/1.0.0',
};

export const PLAN = {
  id: 'chs-drg-1.1',
  name: 'CHS-DRG 1.1 国家医疗保障疾病诊断相关分组（细分组 1.1 版）',
  valid_from: '2021-01-01',
  qy: false,
  translate: false,
  mdcs: 26,
  adrgs: 376,
  drgs: 628,
  digest: '26a27e7fd6bc0dfbc7f05a078e21b3f8d5ce43580b91aaba9039f44fa1568ad5',
};
