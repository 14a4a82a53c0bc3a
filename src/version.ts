/** The tool version written into every trace; kept equal to package.json by a unit test. */
export const VERSION = '0.1.0';
