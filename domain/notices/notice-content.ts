/** The shapes of a notice's structured content, shared by the parser output and stored notices. */
export interface ArrangementUnitRef {
  unitId: number | null;
  name: string;
}

export interface NoticeArrangementLike {
  title: string;
  content: string;
  dueOn: string | null;
  lead: ArrangementUnitRef[];
  responsible: ArrangementUnitRef[];
  cooperating: ArrangementUnitRef[];
  implementing: ArrangementUnitRef[];
}
