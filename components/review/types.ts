/** What the Change page knows about the person looking at it. */
export interface Viewer {
  id: string;
  name: string;
  role: string;
  canReview: boolean;
  canOverride: boolean;
}
