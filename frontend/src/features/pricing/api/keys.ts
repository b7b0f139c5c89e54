/** react-query keys of the pricing feature. */
export const pricingKeys = {
  all: () => ['pricing'] as const,
  versions: () => [...pricingKeys.all(), 'versions'] as const,
  version: (id: string) => [...pricingKeys.versions(), id] as const,
};
