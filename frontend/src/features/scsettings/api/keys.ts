/** react-query keys of the special-case settings and the calendar. */
export const scsettingsKeys = {
  settings: () => ['specialcase-settings'] as const,
  years: () => ['calendar', 'years'] as const,
  year: (year: number) => [...scsettingsKeys.years(), year] as const,
};
