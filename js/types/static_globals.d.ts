// What the widgets' ESM files share by concatenation: widgets/_views.py prepends printf.js to
// number_input.js and slider.js, so at run time they are one module and `printf` is in scope.
declare function printf(value: number, format: string): string;

// library.js is appended to a family's module (widgets/_shared_esm.py), after a line that
// defines LIBRARY_KEY; `render` is that module's own.
declare const LIBRARY_KEY: string;
declare function render(context: any): any;
