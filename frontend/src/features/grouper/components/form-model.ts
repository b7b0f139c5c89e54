import type { CaseInput, GroupRequest, GroupResult } from '../api/types';

/** What the workbench form holds. Empty numbers mean "not recorded". */
export interface CaseForm {
  plan?: string;
  comparePlan?: string;
  /** YYYY-MM-DD. */
  dischargeDate?: string;
  sex: 0 | 1 | 2;
  age?: number | null;
  ageDays?: number | null;
  birthWeight?: number | null;
  admissionWeight?: number | null;
  los?: number | null;
  dischargeWay?: number | null;
  ventilationHours?: number | null;
  ecmo?: boolean;
  department?: string;
  /** Principal diagnosis first. */
  diagnoses: string[];
  /** Principal procedure first. */
  procedures: string[];
}

export type CaseField = keyof CaseForm;

const orUnknown = (v: number | null | undefined) => (v === null || v === undefined ? -1 : v);
const orZero = (v: number | null | undefined) => (v === null || v === undefined ? 0 : v);
const codes = (list: readonly string[] | undefined) =>
  (list ?? []).map((c) => c.trim()).filter((c, i, all) => c !== '' && all.indexOf(c) === i);

/**
 * Maps the form to the group-case request body: empty ages and stay are -1
 * ("not recorded"), empty weights, hours and discharge way 0, codes trimmed
 * and de-duplicated in their order (the first stays the principal one).
 */
export function toRequest(f: CaseForm): GroupRequest {
  const c: CaseInput = {
    sex: f.sex,
    age: orUnknown(f.age),
    age_days: orUnknown(f.ageDays),
    birth_weight: orZero(f.birthWeight),
    admission_weight: orZero(f.admissionWeight),
    los: orUnknown(f.los),
    discharge_way: orZero(f.dischargeWay),
    ventilation_hours: orZero(f.ventilationHours),
    ecmo: !!f.ecmo,
    diagnoses: codes(f.diagnoses),
    procedures: codes(f.procedures),
  };
  const department = f.department?.trim();
  if (department) c.department = department;
  const req: GroupRequest = { case: c };
  if (f.plan) req.plan = f.plan;
  if (f.dischargeDate) req.discharge_date = f.dischargeDate;
  return req;
}

// The request's JSON names → the form's fields.
const CASE_FIELDS: Record<string, CaseField> = {
  sex: 'sex',
  age: 'age',
  age_days: 'ageDays',
  birth_weight: 'birthWeight',
  admission_weight: 'admissionWeight',
  los: 'los',
  discharge_way: 'dischargeWay',
  ventilation_hours: 'ventilationHours',
  ecmo: 'ecmo',
  department: 'department',
  diagnoses: 'diagnoses',
  procedures: 'procedures',
};

/**
 * The form field a problem's `location` points at: `body.case.diagnoses[0]` →
 * diagnoses, `body.case.age_days` → ageDays, `body.plan` → plan (comparePlan
 * when the comparison call failed), `body.discharge_date` → dischargeDate.
 */
export function fieldForLocation(location: string | undefined, { compare = false } = {}): CaseField | undefined {
  if (!location) return undefined;
  const m = /^body\.(?:case\.)?([a-z_]+)/.exec(location);
  if (!m) return undefined;
  const name = m[1] ?? '';
  if (location.startsWith('body.case.')) return CASE_FIELDS[name];
  if (name === 'plan') return compare ? 'comparePlan' : 'plan';
  if (name === 'discharge_date') return 'dischargeDate';
  return undefined;
}

/** The field a validation_failed result names in `detail` (sex, age, age_days, …), if the form has it. */
export function fieldOfValidation(result: Pick<GroupResult, 'status' | 'detail'>): CaseField | undefined {
  if (result.status !== 'validation_failed' || !result.detail) return undefined;
  return CASE_FIELDS[result.detail];
}

/** Known cases of the plan's oracle set, to try the workbench with. */
export const EXAMPLES = {
  /** 肺栓塞 → MDCE / ER2 / ER25. */
  embolism: {
    sex: 1,
    age: 63,
    // The oracle case records 23129 days; the API takes age in days only under
    // one year (≤ 400), and the grouper does not need it at 63.
    ageDays: null,
    los: 29,
    dischargeWay: 1,
    diagnoses: ['I26.900x005', 'Z85.800x011'],
    procedures: ['39.7900x038'],
  },
  /** 周围神经手术，伴 CC (D48.700) → MDCI / IG1 / IG13. */
  nerve: {
    sex: 2,
    age: 21,
    los: 29,
    dischargeWay: 1,
    diagnoses: ['M84.000x063', 'D48.700'],
    procedures: ['04.3x03', '35.2200x002', '14.0100'],
  },
} satisfies Record<string, CaseForm>;

export type ExampleKey = keyof typeof EXAMPLES;
