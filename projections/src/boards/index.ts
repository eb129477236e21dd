export { BOARDS_DDL, createBoardTables } from './schema.js';
export { boardsApply, type WhistleDepartment } from './projector.js';
export { evolvePetitionRow, type PetitionRow, type Supervision } from './petition-row.js';
export { backlogBoard, whistleBoard, type BacklogBoard, type BacklogItem, type WhistleBoard, type WhistleItem } from './queries.js';
