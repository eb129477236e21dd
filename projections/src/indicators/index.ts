export { INDICATORS_DDL, createIndicatorTables } from './schema.js';
export { indicatorsApply } from './projector.js';
export { INDICATOR_WINDOWS, evolveDispute, evolveMediation, evolvePetition, metricsOf, type ItemState } from './item-state.js';
export { indicators, type CenterIndicators, type IndicatorsAnswer, type Ratio, type SplitRatio } from './queries.js';
