export interface SystemProgram {
  name: string;
  debianPackage: string;
  find(env?: NodeJS.ProcessEnv): string | undefined;
}
export function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export function findFirefox(env?: NodeJS.ProcessEnv): string | undefined;
export const systemPrograms: SystemProgram[];
export function missingPrograms(
  programs: SystemProgram[],
  env?: NodeJS.ProcessEnv,
): SystemProgram[];
