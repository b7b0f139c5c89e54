import { describe, expect, it } from 'vitest';

import { differences, samePlan } from './compare';
import { EXAMPLES, fieldForLocation, fieldOfValidation, toRequest } from './form-model';
import { result } from '../testing/results';

describe('toRequest (form → group-case body)', () => {
  it('sends "not recorded" for empty ages and stay, 0 for empty weights, hours and discharge way', () => {
    const r = toRequest({ sex: 2, diagnoses: ['I10.x00'], procedures: [] });
    expect(r).toEqual({
      case: {
        sex: 2,
        age: -1,
        age_days: -1,
        birth_weight: 0,
        admission_weight: 0,
        los: -1,
        discharge_way: 0,
        ventilation_hours: 0,
        ecmo: false,
        diagnoses: ['I10.x00'],
        procedures: [],
      },
    });
  });

  it('keeps the codes in order (principal first), trimmed, without blanks or repeats', () => {
    const r = toRequest({
      sex: 1,
      age: 0,
      diagnoses: [' I26.900x005 ', '', 'Z85.800x011', 'I26.900x005'],
      procedures: ['39.7900x038', ' '],
    });
    expect(r.case.diagnoses).toEqual(['I26.900x005', 'Z85.800x011']);
    expect(r.case.procedures).toEqual(['39.7900x038']);
    expect(r.case.age).toBe(0); // 0 years is a value, not "not recorded"
  });

  it('passes every number, ECMO, the plan and the discharge date; leaves the comparison plan out', () => {
    const r = toRequest({
      sex: 1,
      age: 0,
      ageDays: 12,
      birthWeight: 2300,
      admissionWeight: 2400,
      los: 5,
      dischargeWay: 5,
      ventilationHours: 100,
      ecmo: true,
      department: ' 新生儿科 ',
      plan: 'chs-drg-1.1',
      comparePlan: 'other',
      dischargeDate: '2026-03-01',
      diagnoses: ['P07.100'],
      procedures: [],
    });
    expect(r).toEqual({
      plan: 'chs-drg-1.1',
      discharge_date: '2026-03-01',
      case: {
        sex: 1,
        age: 0,
        age_days: 12,
        birth_weight: 2300,
        admission_weight: 2400,
        los: 5,
        discharge_way: 5,
        ventilation_hours: 100,
        ecmo: true,
        department: '新生儿科',
        diagnoses: ['P07.100'],
        procedures: [],
      },
    });
  });

  it('maps the examples to the known cases', () => {
    expect(toRequest(EXAMPLES.embolism).case).toMatchObject({
      sex: 1,
      age: 63,
      los: 29,
      discharge_way: 1,
      diagnoses: ['I26.900x005', 'Z85.800x011'],
      procedures: ['39.7900x038'],
    });
    expect(toRequest(EXAMPLES.nerve).case).toMatchObject({
      sex: 2,
      age: 21,
      los: 29,
      diagnoses: ['M84.000x063', 'D48.700'],
      procedures: ['04.3x03', '35.2200x002', '14.0100'],
    });
  });
});

describe('fieldForLocation (problem+json location → form field)', () => {
  it.each([
    ['body.case.diagnoses[0]', 'diagnoses'],
    ['body.case.procedures[2]', 'procedures'],
    ['body.case.age_days', 'ageDays'],
    ['body.case.birth_weight', 'birthWeight'],
    ['body.case.discharge_way', 'dischargeWay'],
    ['body.case.ventilation_hours', 'ventilationHours'],
    ['body.plan', 'plan'],
    ['body.discharge_date', 'dischargeDate'],
  ])('%s → %s', (location, field) => {
    expect(fieldForLocation(location)).toBe(field);
  });

  it('points body.plan at the comparison plan when that call failed', () => {
    expect(fieldForLocation('body.plan', { compare: true })).toBe('comparePlan');
  });

  it('has no field for the body as a whole or unknown members', () => {
    expect(fieldForLocation('body')).toBeUndefined();
    expect(fieldForLocation('body.case')).toBeUndefined();
    expect(fieldForLocation('body.case.unknown')).toBeUndefined();
    expect(fieldForLocation('query.q')).toBeUndefined();
    expect(fieldForLocation(undefined)).toBeUndefined();
  });
});

describe('fieldOfValidation', () => {
  it('names the field a failed validation points at', () => {
    expect(fieldOfValidation({ status: 'validation_failed', detail: 'age' })).toBe('age');
    expect(fieldOfValidation({ status: 'validation_failed', detail: 'birth_weight' })).toBe('birthWeight');
    expect(fieldOfValidation({ status: 'code_not_translatable', detail: 'age' })).toBeUndefined();
    expect(fieldOfValidation({ status: 'grouped' })).toBeUndefined();
  });
});

describe('comparing two results', () => {
  it('finds nothing between equal results of the same plan', () => {
    expect(differences(result, { ...result }).size).toBe(0);
    expect(samePlan(result, { ...result })).toBe(true);
  });

  it('names the parts that differ', () => {
    const other = { ...result, plan: 'local-2026', plan_digest: 'ffff', drg: 'ER23', comorbidity: 'cc' as const };
    expect([...differences(result, other)].sort()).toEqual(['comorbidity', 'drg']);
    expect(samePlan(result, other)).toBe(false);
    const split = { ...result, split_by: { code: 'J96.000', kind: 'mcc' as const } };
    expect([...differences(result, split)]).toEqual(['split_by']);
  });
});
