/** The app's views, one shown at a time. */
export type ViewName = 'timeline' | 'experiments' | 'compare';
