export const PROVIDERS = ['stripe', 'razorpay', 'clinic'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type OnlineProvider = Exclude<Provider, 'clinic'>;
